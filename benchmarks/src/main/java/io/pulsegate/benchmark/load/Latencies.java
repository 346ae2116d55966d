package io.pulsegate.benchmark.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of one measured run, in microseconds, recorded from any thread.
 */
final class Latencies {

	private final Recorder recorder = new Recorder(3);

	void record(long nanos) {
		this.recorder.recordValue(Math.max(1, nanos / 1_000));
	}

	Histogram histogram() {
		return this.recorder.getIntervalHistogram();
	}

}
