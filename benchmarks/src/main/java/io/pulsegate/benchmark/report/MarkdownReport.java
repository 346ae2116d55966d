package io.pulsegate.benchmark.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.pulsegate.benchmark.report.BenchmarkReport.Comparison;
import io.pulsegate.benchmark.report.BenchmarkReport.TargetResult;

/**
 * The report for people: targets first, then every measured run.
 */
final class MarkdownReport {

	private final BenchmarkReport report;

	private final StringBuilder text = new StringBuilder();

	private MarkdownReport(BenchmarkReport report) {
		this.report = report;
	}

	static String render(BenchmarkReport report, String plotFile) {
		return new MarkdownReport(report).write(plotFile);
	}

	private String write(String plotFile) {
		BenchmarkReport.Environment environment = this.report.environment();
		BenchmarkReport.Setup setup = this.report.setup();
		line("# Pulsegate benchmark");
		line();
		line("Run " + this.report.startedAt() + ", " + format("%.1f", this.report.minutes())
				+ " minutes, by `./benchmark.sh`" + (this.report.soak().isEmpty() ? "" : " --soak")
				+ ((this.report.overload() != null) ? " --overload" : "") + ".");
		line("Machine: " + environment.cpu() + ", " + environment.cores() + " cores, "
				+ format("%.0f", environment.memoryGiB()) + " GiB; " + environment.os() + "; " + environment.java()
				+ ". Broker, PostgreSQL, ingress, consumer and load generator all share these cores.");
		line();
		line("## Targets");
		line();
		line("| Target | Measured | Met |");
		line("|---|---|---|");
		for (TargetResult target : this.report.targets()) {
			line("| " + target.target() + " | " + target.measured() + " | " + (target.met() ? "yes" : "**no**") + " |");
		}
		line();
		line("## Ours against the peer and the ceiling");
		line();
		line("| Comparison | Ours | Reference | Ratio |");
		line("|---|---:|---:|---:|");
		for (Comparison comparison : this.report.comparisons()) {
			line("| " + comparison.what() + " | " + number(comparison.ours()) + " | " + number(comparison.reference())
					+ " " + comparison.unit() + " | " + format("%.2f", comparison.ratio()) + "× |");
		}
		line();
		line("## Setup");
		line();
		line("- Events: `order.placed`, " + setup.eventBytes()
				+ " bytes of JSON each, every one with its own id and order id.");
		line("- Load: " + setup.generator());
		line("- Warm-up: " + setup.warmUp());
		line("- Broker: " + setup.broker()
			.entrySet()
			.stream()
			.map((entry) -> "`" + entry.getKey() + "=" + entry.getValue() + "`")
			.collect(Collectors.joining(", ")) + ".");
		line("- Ingress JVM: `" + String.join(" ", setup.ingressJvm()) + "`; consumer JVM: `"
				+ String.join(" ", setup.consumerJvm()) + "`.");
		for (String note : setup.notes()) {
			line("- " + note);
		}
		line();
		line("![Latency against offered rate](" + plotFile + ")");
		line();
		table("Peak throughput (closed loop)", runs("peak"));
		table("Latency against offered rate (open loop, latency from each request's intended start)",
				this.report.measurements().stream().filter((run) -> run.phase().startsWith("rate ")).toList());
		table("End to end (open loop at 1,000 events/s, to the projection's row in PostgreSQL)", runs("end-to-end"));
		table("Backlog drain",
				this.report.measurements().stream().filter((run) -> run.phase().startsWith("drain")).toList());
		if (!this.report.soak().isEmpty()) {
			table("Soak", runs("soak"));
			line("Ingress resident memory during the soak:");
			line();
			line("| Minute | RSS (MiB) |");
			line("|---:|---:|");
			for (SoakSample sample : this.report.soak()) {
				if (Math.round(sample.seconds()) % 60 < 10) {
					line("| " + format("%.0f", sample.seconds() / 60) + " | " + format("%.0f", sample.residentMiB())
							+ " |");
				}
			}
			line();
		}
		if (this.report.overload() != null) {
			overload(this.report.overload());
		}
		table("Warm-up (not measured for the targets; shows the JIT at work)", this.report.warmUp());
		return this.text.toString();
	}

	private void overload(Overload overload) {
		table("Overload (open loop: half the sustainable rate, three times it, half again)",
				this.report.measurements().stream().filter((run) -> run.phase().startsWith("overload")).toList());
		line("- Sustainable rate: " + number(overload.sustainableRate())
				+ " events/s, the closed-loop peak of `POST /send` at 64 connections in this run. The overload's "
				+ "runs use 512 connections, more than the admission limit's maximum.");
		line("- At " + number(overload.overloadRate()) + " events/s offered: " + number(overload.admittedPerSecond())
				+ " events/s accepted with p99 " + format("%.2f", overload.admittedP99()) + " ms (normal p99 "
				+ format("%.2f", overload.normalP99()) + " ms) from when they were due, "
				+ format("%.2f", overload.admittedP99FromSending())
				+ " ms from when they were sent, without waiting for a free connection; " + number(overload.shed())
				+ " requests shed with 429 or 503 and Retry-After, " + overload.errors() + " other errors.");
		line("- Heap in use at most " + format("%.0f", overload.peakHeapMiB()) + " MiB of "
				+ format("%.0f", overload.maxHeapMiB()) + " MiB.");
		line("- After the load dropped: shedding stopped within " + overload.recoverySeconds()
				+ " s (the first whole second with nothing shed); p99 " + format("%.2f", overload.afterP99()) + " ms; "
				+ overload.afterErrors() + " requests shed or failed in all.");
		line();
	}

	private List<Measurement> runs(String phase) {
		return this.report.measurements().stream().filter((run) -> run.phase().equals(phase)).toList();
	}

	private void table(String title, List<Measurement> runs) {
		if (runs.isEmpty()) {
			return;
		}
		line("## " + title);
		line();
		line("| Phase | Path | Load | Events/s | Req/s | p50 | p90 | p99 | p99.9 | Shed | Errors | CPU s (broker / ingress / consumer / postgres / generator) | Peak RSS MiB (broker / ingress / consumer / postgres) |");
		line("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
		for (Measurement run : runs) {
			Measurement.Latency latency = run.latency();
			String load = switch (run.mode()) {
				case "open" -> number(run.offeredRate()) + "/s";
				case "closed" -> run.concurrency() + " in flight";
				default -> run.mode();
			};
			line("| " + run.phase() + " | " + run.path() + " | " + load + " | " + number(run.eventsPerSecond()) + " | "
					+ number(run.requestsPerSecond()) + " | " + millis(latency, Measurement.Latency::p50) + " | "
					+ millis(latency, Measurement.Latency::p90) + " | " + millis(latency, Measurement.Latency::p99)
					+ " | " + millis(latency, Measurement.Latency::p999) + " | " + run.shed() + " | " + run.errors()
					+ " | " + usage(run.processes(), true) + " | " + usage(run.processes(), false) + " |");
		}
		line();
	}

	private static String usage(Map<String, io.pulsegate.benchmark.stack.ProcessUsage> processes, boolean cpu) {
		List<String> names = cpu ? List.of("broker", "ingress", "consumer", "postgres", "benchmark")
				: List.of("broker", "ingress", "consumer", "postgres");
		return names.stream().map((name) -> {
			var usage = processes.get(name);
			if (usage == null) {
				return "-";
			}
			return cpu ? format("%.1f", usage.cpuSeconds()) : format("%.0f", usage.peakRssMiB());
		}).collect(Collectors.joining(" / "));
	}

	private static String millis(Measurement.Latency latency,
			java.util.function.ToDoubleFunction<Measurement.Latency> percentile) {
		return (latency != null && latency.samples() > 0) ? format("%.2f", percentile.applyAsDouble(latency)) : "-";
	}

	private static String number(double value) {
		return format("%,.0f", value);
	}

	private static String format(String pattern, double value) {
		return String.format(Locale.ROOT, pattern, value);
	}

	private void line(String line) {
		this.text.append(line).append('\n');
	}

	private void line() {
		this.text.append('\n');
	}

}
