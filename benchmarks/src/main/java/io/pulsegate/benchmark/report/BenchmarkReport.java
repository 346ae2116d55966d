package io.pulsegate.benchmark.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one benchmark run measured, as written to {@code report.json}.
 *
 * @param startedAt when the run started (UTC)
 * @param minutes how long the whole run took
 * @param environment the machine
 * @param setup how the processes ran and how they were warmed up
 * @param targets the targets, each met or missed
 * @param comparisons ours against the peer and the ceiling
 * @param measurements every measured run
 * @param warmUp the warm-up runs, not measured for the targets
 * @param soak the ingress's resident memory over the soak, if one ran
 * @param overload the ingress at three times its sustainable rate, or {@code null} if
 * that did not run
 */
public record BenchmarkReport(String startedAt, double minutes, Environment environment, Setup setup,
		List<TargetResult> targets, List<Comparison> comparisons, List<Measurement> measurements,
		List<Measurement> warmUp, List<SoakSample> soak, Overload overload) {

	/**
	 * The measured run of a path in a phase.
	 * @param phase such as {@code peak}
	 * @param path such as {@code send}
	 * @param concurrency connections in closed mode, or 0 to take the first
	 * @return the run, if there was one
	 */
	public Optional<Measurement> find(String phase, String path, int concurrency) {
		return this.measurements.stream()
			.filter((measurement) -> measurement.phase().equals(phase) && measurement.path().equals(path)
					&& (concurrency == 0 || measurement.concurrency() == concurrency))
			.findFirst();
	}

	/**
	 * The machine the benchmark ran on.
	 *
	 * @param cpu the processor model
	 * @param cores available processors
	 * @param memoryGiB physical memory
	 * @param os operating system and kernel
	 * @param java the JVM that ran every process
	 */
	public record Environment(String cpu, int cores, double memoryGiB, String os, String java) {
	}

	/**
	 * How the run was set up.
	 *
	 * @param eventBytes size of one event's JSON
	 * @param warmUpSeconds how long the warm-up lasted
	 * @param warmUp how the processes were warmed up
	 * @param generator how load was generated
	 * @param broker the broker's memory and its {@code standalone.conf} settings that
	 * matter here
	 * @param ingressJvm the ingress's JVM options
	 * @param consumerJvm the consumer's JVM options
	 * @param notes further conditions a reader needs to know
	 */
	public record Setup(int eventBytes, double warmUpSeconds, String warmUp, String generator,
			Map<String, String> broker, List<String> ingressJvm, List<String> consumerJvm, List<String> notes) {
	}

	/**
	 * One of our paths against a reference.
	 *
	 * @param what what is compared
	 * @param ours our figure
	 * @param reference the peer's or the ceiling's figure
	 * @param ratio ours divided by the reference
	 * @param unit the figures' unit
	 */
	public record Comparison(String what, double ours, double reference, double ratio, String unit) {
	}

	/**
	 * One of the targets.
	 *
	 * @param target what the issue asks
	 * @param measured what the run measured
	 * @param met whether the target was met
	 */
	public record TargetResult(String target, String measured, boolean met) {
	}

}
