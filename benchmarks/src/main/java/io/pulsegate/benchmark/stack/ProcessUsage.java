package io.pulsegate.benchmark.stack;

/**
 * What a process (or a group of them) used during a measured run.
 *
 * @param cpuSeconds CPU time, user and system
 * @param peakRssMiB the largest resident memory seen, sampled every 250 ms
 */
public record ProcessUsage(double cpuSeconds, double peakRssMiB) {
}
