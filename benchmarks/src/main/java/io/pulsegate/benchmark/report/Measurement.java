package io.pulsegate.benchmark.report;

import java.util.Map;

import io.pulsegate.benchmark.load.LoadResult;
import io.pulsegate.benchmark.stack.ProcessUsage;
import org.HdrHistogram.Histogram;

/**
 * One measured run in the report.
 *
 * @param phase which part of the benchmark it belongs to
 * @param path what was driven
 * @param mode {@code closed}, {@code open} or {@code drain}
 * @param concurrency connections or messages in flight, 0 in open mode
 * @param offeredRate events per second offered in open mode, else 0
 * @param seconds how long it measured
 * @param events events that succeeded
 * @param eventsPerSecond the throughput
 * @param requestsPerSecond successful requests per second
 * @param latency percentiles, or {@code null} where latency is not measured
 * @param shed requests refused on purpose (429, 503)
 * @param errors every other failure
 * @param errorKinds the errors by kind
 * @param processes CPU time and peak resident memory of each process during the run
 */
public record Measurement(String phase, String path, String mode, int concurrency, double offeredRate, double seconds,
		long events, double eventsPerSecond, double requestsPerSecond, Latency latency, long shed, long errors,
		Map<String, Long> errorKinds, Map<String, ProcessUsage> processes) {

	public static Measurement of(String phase, LoadResult result, Map<String, ProcessUsage> processes) {
		return new Measurement(phase, result.target(), result.mode(), result.concurrency(), result.offeredRate(),
				result.seconds(), result.events(), result.eventsPerSecond(), result.requestsPerSecond(),
				Latency.of(result.latency()), result.shed(), result.errors(), result.errorKinds(), processes);
	}

	/**
	 * Latency percentiles in milliseconds.
	 *
	 * @param samples how many latencies were recorded
	 * @param p50 the median
	 * @param p90 the 90th percentile
	 * @param p99 the 99th percentile
	 * @param p999 the 99.9th percentile
	 * @param max the largest
	 */
	public record Latency(long samples, double p50, double p90, double p99, double p999, double max) {

		public static Latency of(Histogram microseconds) {
			if (microseconds.getTotalCount() == 0) {
				return new Latency(0, 0, 0, 0, 0, 0);
			}
			return new Latency(microseconds.getTotalCount(), millis(microseconds, 50), millis(microseconds, 90),
					millis(microseconds, 99), millis(microseconds, 99.9), microseconds.getMaxValue() / 1000.0);
		}

		private static double millis(Histogram microseconds, double percentile) {
			return microseconds.getValueAtPercentile(percentile) / 1000.0;
		}

	}

}
