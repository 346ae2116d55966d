package io.pulsegate.benchmark.report;

/**
 * The ingress's resident memory at one moment of the soak.
 *
 * @param seconds since the soak started
 * @param residentMiB resident memory
 */
public record SoakSample(double seconds, double residentMiB) {
}
