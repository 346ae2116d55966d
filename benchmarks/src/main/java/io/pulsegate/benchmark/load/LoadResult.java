package io.pulsegate.benchmark.load;

import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * What one measured run of a load gave.
 *
 * @param target what was driven, such as {@code send} or {@code raw-client}
 * @param mode {@code closed} (fixed concurrency) or {@code open} (fixed arrival rate)
 * @param concurrency connections, or messages in flight for the Pulsar client
 * @param offeredRate events per second offered in open mode, 0 in closed mode
 * @param seconds how long the run measured
 * @param requests requests answered with success
 * @param events events in those requests
 * @param shed requests refused with 429 or 503 and a {@code Retry-After}, which the
 * service does on purpose (without the header they count as errors)
 * @param errors any other failure: another status, a failed publish, a lost connection,
 * no answer
 * @param errorKinds the errors by kind, such as {@code status 500} or
 * {@code connection lost}
 * @param latency microseconds from each request's intended start (open mode) or its
 * sending (closed mode) to its answer
 * @param fromSending microseconds from each successful request's sending to its answer:
 * in open mode without the time it waited for a free connection; the same as
 * {@code latency} for the Pulsar client, which sends every message when it is due
 * @param shedFreeFromSecond the first whole second of the run, counted from 0 at its
 * start, in which nothing was shed: 0 when the run began without shedding, 3 when it shed
 * in each of its first three seconds
 */
public record LoadResult(String target, String mode, int concurrency, double offeredRate, double seconds, long requests,
		long events, long shed, long errors, Map<String, Long> errorKinds, Histogram latency, Histogram fromSending,
		int shedFreeFromSecond) {

	public double eventsPerSecond() {
		return this.events / this.seconds;
	}

	public double requestsPerSecond() {
		return this.requests / this.seconds;
	}

	/**
	 * A latency percentile in milliseconds.
	 * @param percentile such as 99.9
	 * @return the latency, or 0 when nothing was recorded
	 */
	public double millis(double percentile) {
		return millis(this.latency, percentile);
	}

	/**
	 * A percentile of the latency from sending, in milliseconds.
	 * @param percentile such as 99
	 * @return the latency, or 0 when nothing was recorded
	 */
	public double millisFromSending(double percentile) {
		return millis(this.fromSending, percentile);
	}

	private static double millis(Histogram latency, double percentile) {
		return (latency.getTotalCount() != 0) ? latency.getValueAtPercentile(percentile) / 1000.0 : 0;
	}

}
