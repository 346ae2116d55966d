package io.pulsegate.benchmark.report;

/**
 * The ingress driven at three times the rate it sustains, between two runs at half that
 * rate: whether it sheds what it cannot answer in time, keeps its heap and recovers.
 *
 * @param sustainableRate events per second: the closed-loop peak of {@code POST /send} at
 * 64 connections in this run
 * @param normalP99 p99 in milliseconds at half the sustainable rate, before the overload
 * @param overloadRate events per second offered during the overload
 * @param admittedPerSecond events per second accepted during the overload
 * @param admittedP99 p99 in milliseconds of the accepted requests during the overload,
 * from their intended start
 * @param admittedP99FromSending the same from their sending: without the time they waited
 * in the load generator for a free connection
 * @param shed requests answered 503 or 429 with {@code Retry-After} during the overload
 * @param errors other failures during the overload
 * @param peakHeapMiB the most heap in use at any sample during the three runs
 * @param maxHeapMiB the heap's limit
 * @param recoverySeconds from the load's drop to the first whole second in which nothing
 * was shed, 0 if nothing was shed in the first second after it
 * @param afterP99 p99 in milliseconds at half the sustainable rate, after the overload
 * @param afterErrors failures, shed ones included, after the overload
 */
public record Overload(double sustainableRate, double normalP99, double overloadRate, double admittedPerSecond,
		double admittedP99, double admittedP99FromSending, long shed, long errors, double peakHeapMiB,
		double maxHeapMiB, int recoverySeconds, double afterP99, long afterErrors) {
}
