package io.pulsegate.benchmark.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.pulsegate.benchmark.report.BenchmarkReport.Comparison;
import io.pulsegate.benchmark.report.BenchmarkReport.TargetResult;

/**
 * Reads the targets and the ours-against-theirs ratios off the measurements.
 */
public final class Scorecard {

	private static final String FIXED_RATE_PHASE = "rate 1000";

	private final BenchmarkReport report;

	public Scorecard(BenchmarkReport report) {
		this.report = report;
	}

	public List<Comparison> comparisons() {
		List<Comparison> comparisons = new ArrayList<>();
		for (int connections : List.of(16, 64)) {
			throughput(comparisons, "POST /send vs Pulsar REST producer, " + connections + " connections", "send",
					"pulsar-rest", connections);
			p99(comparisons, "POST /send vs Pulsar REST producer, p99 at " + connections + " connections", "peak",
					"send", "pulsar-rest", connections);
		}
		throughput(comparisons, "POST /send (16 connections) vs raw Java client", "send", "raw-client", -1);
		throughput(comparisons, "batch of 100 vs Pulsar REST producer batch of 100", "send-batch-100",
				"pulsar-rest-batch-100", 16);
		throughput(comparisons, "batch of 100 vs raw Java client", "send-batch-100", "raw-client", -1);
		p99(comparisons, "POST /send vs raw Java client, p99 at 1,000 events/s", FIXED_RATE_PHASE, "send", "raw-client",
				0);
		p99(comparisons, "POST /send vs Pulsar REST producer, p99 at 1,000 events/s", FIXED_RATE_PHASE, "send",
				"pulsar-rest", 0);
		this.report.find("drain", "raw-consumer-ack-only", 0).ifPresent((raw) -> {
			this.report.find("drain", "consumer-projection-warm", 0)
				.ifPresent((ours) -> comparisons
					.add(comparison("projection drain (warm consumer) vs raw ack-only consumer", ours.eventsPerSecond(),
							raw.eventsPerSecond(), "events/s")));
			this.report.find("drain", "consumer-projection", 0)
				.ifPresent((ours) -> comparisons
					.add(comparison("projection drain (consumer started afresh) vs raw ack-only consumer",
							ours.eventsPerSecond(), raw.eventsPerSecond(), "events/s")));
		});
		return comparisons;
	}

	public List<TargetResult> results() {
		List<TargetResult> results = new ArrayList<>();
		for (int connections : List.of(16, 64)) {
			ratio(results, "POST /send peak ≥ 2× Pulsar REST producer at " + connections + " connections",
					peak("send", connections), peak("pulsar-rest", connections), 2.0, true);
			p99NoWorse(results, connections);
		}
		ratio(results, "batch of 100 ≥ 50% of the raw client's throughput", peak("send-batch-100", 16),
				peak("raw-client", 0), 0.5, true);
		ratio(results, "batch of 100 above the REST producer's batches of 100", peak("send-batch-100", 16),
				peak("pulsar-rest-batch-100", 16), 1.0, false);
		Optional<Measurement> send = this.report.find(FIXED_RATE_PHASE, "send", 0);
		Optional<Measurement> raw = this.report.find(FIXED_RATE_PHASE, "raw-client", 0);
		Optional<Measurement> rest = this.report.find(FIXED_RATE_PHASE, "pulsar-rest", 0);
		if (send.isPresent() && raw.isPresent() && rest.isPresent()) {
			double ours = send.get().latency().p99();
			double ceiling = raw.get().latency().p99();
			double peer = rest.get().latency().p99();
			results.add(new TargetResult("at 1,000 events/s, ingress p99 ≤ 1.5× the raw client's p99",
					String.format("%.2f ms vs %.2f ms (%.2f×)", ours, ceiling, ours / ceiling), ours <= 1.5 * ceiling));
			results.add(new TargetResult("at 1,000 events/s, ingress p99 below the REST producer's",
					String.format("%.2f ms vs %.2f ms", ours, peer), ours < peer));
		}
		this.report.find("end-to-end", "ingress-to-projection", 0)
			.ifPresent((e2e) -> results.add(new TargetResult("end-to-end p99 ≤ 50 ms at 1,000 events/s",
					String.format("%.2f ms", e2e.latency().p99()), e2e.latency().p99() <= 50 && e2e.errors() == 0)));
		// Judged on the warm consumer, as every other target is on warm processes; the
		// consumer started afresh is given beside it.
		this.report.find("drain", "consumer-projection-warm", 0).ifPresent((drain) -> {
			String cold = this.report.find("drain", "consumer-projection", 0)
				.map((afresh) -> String.format("; started afresh, JIT cold: %,.0f events/s", afresh.eventsPerSecond()))
				.orElse("");
			results.add(new TargetResult("projection drains 100,000 events at ≥ 5,000/s", String
				.format("warm consumer %,.0f events/s (%,d events)%s", drain.eventsPerSecond(), drain.events(), cold),
					drain.eventsPerSecond() >= 5_000 && drain.errors() == 0));
		});
		results.add(ingressErrors());
		results.add(soak());
		if (this.report.overload() != null) {
			overload(results, this.report.overload());
		}
		return results;
	}

	private TargetResult ingressErrors() {
		long errors = 0;
		long shed = 0;
		double peakRss = 0;
		for (Measurement measurement : this.report.measurements()) {
			if (measurement.path().startsWith("send")) {
				errors += measurement.errors();
				shed += measurement.shed();
			}
			if (measurement.processes().containsKey("ingress")) {
				peakRss = Math.max(peakRss, measurement.processes().get("ingress").peakRssMiB());
			}
		}
		return new TargetResult("ingress at -Xmx256m: no errors but deliberate 429/503",
				String.format("%d errors, %d shed, peak RSS %.0f MiB", errors, shed, peakRss), errors == 0);
	}

	private TargetResult soak() {
		List<SoakSample> samples = this.report.soak();
		String target = "flat resident memory over a 10-minute soak at half the peak rate";
		if (samples.size() < 6) {
			return new TargetResult(target, "not run in this report (./benchmark.sh --soak)", false);
		}
		// The first minute still grows the heap to its working size.
		double early = average(samples.stream().filter((sample) -> sample.seconds() >= 60 && sample.seconds() < 180));
		double late = average(samples.stream()
			.filter((sample) -> sample.seconds() >= samples.get(samples.size() - 1).seconds() - 120));
		double growth = (late - early) / early;
		return new TargetResult(target, String
			.format("%.0f MiB at minutes 1-3, %.0f MiB in the last 2 minutes (%+.1f%%)", early, late, growth * 100),
				growth < 0.05);
	}

	private static void overload(List<TargetResult> results, Overload overload) {
		results.add(new TargetResult("at 3× the sustainable rate the ingress sheds with 503/429 and Retry-After",
				String.format("%,d shed, %d other errors, %,.0f of %,.0f events/s accepted", overload.shed(),
						overload.errors(), overload.admittedPerSecond(), overload.overloadRate()),
				overload.shed() > 0 && overload.errors() == 0));
		results.add(new TargetResult("at 3× the sustainable rate, accepted requests' p99 ≤ 2× the normal p99",
				String.format("%.2f ms vs %.2f ms (%.2f×)", overload.admittedP99(), overload.normalP99(),
						overload.admittedP99() / overload.normalP99()),
				overload.admittedP99() <= 2 * overload.normalP99()));
		results.add(new TargetResult("heap bounded under overload",
				String.format("at most %.0f MiB of %.0f MiB in use", overload.peakHeapMiB(), overload.maxHeapMiB()),
				overload.maxHeapMiB() > 0 && overload.peakHeapMiB() <= overload.maxHeapMiB()));
		results.add(new TargetResult("recovers as soon as the load drops",
				String.format(
						"shedding stopped within %d s of the drop; p99 %.2f ms (normal %.2f ms), %d shed or failed",
						overload.recoverySeconds(), overload.afterP99(), overload.normalP99(), overload.afterErrors()),
				overload.recoverySeconds() <= 5 && overload.afterP99() <= 2 * overload.normalP99()));
	}

	private static double average(java.util.stream.Stream<SoakSample> samples) {
		return samples.mapToDouble(SoakSample::residentMiB).average().orElse(Double.NaN);
	}

	private void p99NoWorse(List<TargetResult> results, int connections) {
		Optional<Measurement> ours = this.report.find("peak", "send", connections);
		Optional<Measurement> peer = this.report.find("peak", "pulsar-rest", connections);
		if (ours.isPresent() && peer.isPresent()) {
			double oursP99 = ours.get().latency().p99();
			double peerP99 = peer.get().latency().p99();
			results.add(new TargetResult(
					"POST /send p99 no worse than the REST producer's at " + connections + " connections",
					String.format("%.2f ms vs %.2f ms", oursP99, peerP99), oursP99 <= peerP99));
		}
	}

	private double peak(String path, int connections) {
		return this.report.find("peak", path, connections).map(Measurement::eventsPerSecond).orElse(Double.NaN);
	}

	private static void ratio(List<TargetResult> results, String target, double ours, double reference, double atLeast,
			boolean inclusive) {
		double ratio = ours / reference;
		boolean met = inclusive ? ratio >= atLeast : ratio > atLeast;
		results.add(new TargetResult(target, String.format("%,.0f vs %,.0f events/s (%.2f×)", ours, reference, ratio),
				met));
	}

	private void throughput(List<Comparison> comparisons, String what, String ours, String reference, int connections) {
		int referenceConnections = (connections < 0) ? 0 : connections;
		int ourConnections = (connections < 0) ? 16 : connections;
		double oursValue = peak(ours, ourConnections);
		double referenceValue = peak(reference, referenceConnections);
		comparisons.add(comparison(what, oursValue, referenceValue, "events/s"));
	}

	private void p99(List<Comparison> comparisons, String what, String phase, String ours, String reference,
			int connections) {
		Optional<Measurement> oursRun = this.report.find(phase, ours, connections);
		Optional<Measurement> referenceRun = this.report.find(phase, reference, connections);
		if (oursRun.isPresent() && referenceRun.isPresent()) {
			comparisons
				.add(comparison(what, oursRun.get().latency().p99(), referenceRun.get().latency().p99(), "ms (p99)"));
		}
	}

	private static Comparison comparison(String what, double ours, double reference, String unit) {
		return new Comparison(what, ours, reference, ours / reference, unit);
	}

}
