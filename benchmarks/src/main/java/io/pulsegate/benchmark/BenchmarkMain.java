package io.pulsegate.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pulsegate.benchmark.report.BenchmarkReport;
import io.pulsegate.benchmark.report.BenchmarkReport.Environment;
import io.pulsegate.benchmark.report.BenchmarkReport.Setup;
import io.pulsegate.benchmark.report.BenchmarkReport.TargetResult;
import io.pulsegate.benchmark.report.ReportWriter;
import io.pulsegate.benchmark.stack.ProcessMeter;
import io.pulsegate.benchmark.stack.ServiceOverrides;
import io.pulsegate.benchmark.stack.Stack;
import io.pulsegate.benchmark.stack.Stack.BrokerSettings;

/**
 * Runs the benchmark from the repository's root: starts everything, measures every path,
 * writes the report and stops everything it started.
 *
 * <pre>
 * java -cp ... io.pulsegate.benchmark.BenchmarkMain [--soak] [--warm-up SECONDS] [--output DIR]
 * </pre>
 */
public final class BenchmarkMain {

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws Exception {
		BenchmarkOptions options = BenchmarkOptions.parse(args);
		Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		String run = Long.toString(started.getEpochSecond(), 36);
		Path work = Path.of("benchmarks", "target", "run-" + run);
		Files.createDirectories(work);
		BrokerSettings broker = brokerSettings();
		System.out.println("Starting the broker, PostgreSQL, the ingress and the consumer (logs in " + work + ")");
		try (ProcessMeter meter = new ProcessMeter();
				Stack stack = Stack.start(work, broker, Path.of("ingress-service/target/ingress-service-exec.jar"),
						Path.of("consumer-service/target/consumer-service-exec.jar"), meter, options.profile(),
						options.overrides())) {
			BenchmarkRun benchmark = new BenchmarkRun(options, stack, run);
			Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "benchmark-stop"));
			try {
				benchmark.execute();
			}
			finally {
				benchmark.close();
			}
			double minutes = Duration.between(started, Instant.now()).toMillis() / 60_000.0;
			BenchmarkReport report = ReportWriter.write(
					new BenchmarkReport(started.toString(), minutes, environment(),
							setup(options, broker, benchmark.eventSize()), List.of(), List.of(),
							benchmark.measurements(), benchmark.warmUp(), benchmark.soak(), benchmark.overload()),
					options.output());
			System.out.println();
			for (TargetResult target : report.targets()) {
				System.out.printf("%-4s %s: %s%n", target.met() ? "MET" : "MISS", target.target(), target.measured());
			}
			System.out.println("Report: " + options.output().resolve("report.md"));
		}
	}

	private static BrokerSettings brokerSettings() {
		Map<String, String> properties = new LinkedHashMap<>();
		// Copies entries out of the bookie's buffers: without it, unthrottled runs
		// exhaust
		// direct memory.
		properties.put("managedLedgerCacheCopyEntries", "true");
		// The launcher's default, stated here because it shapes the figures: no entry
		// cache
		// (Pulsar 4.2.4's Key_Shared dispatcher can stall with one).
		properties.put("managedLedgerCacheSizeMB", "0");
		properties.put("dbStorage_writeCacheMaxSizeMb", "128");
		properties.put("dbStorage_readAheadCacheMaxSizeMb", "64");
		return new BrokerSettings("512m", "512m", properties);
	}

	private static Setup setup(BenchmarkOptions options, BrokerSettings broker, int eventSize) {
		Map<String, String> brokerFacts = new LinkedHashMap<>();
		brokerFacts.put("-Xmx", broker.maxHeap());
		brokerFacts.put("-XX:MaxDirectMemorySize", broker.maxDirectMemory());
		brokerFacts.putAll(broker.properties());
		return new Setup(eventSize, options.warmUp().toSeconds(),
				"every path in turn (raw client 10 s, REST producer 20 s, POST /send 20 s, REST batches 10 s, "
						+ "POST /send/batch 10 s, POST /send to the projection at 1,000/s 10 s), round after round "
						+ "until " + options.warmUp().toSeconds() + " s had passed, in the same JVMs that are then "
						+ "measured. The warm-up table at the end shows each path's throughput round by round.",
				"one Netty event loop thread in the benchmark's JVM, HTTP/1.1 keep-alive, for every HTTP path. "
						+ "Closed loop: a fixed number of connections, each sending its next request when the last is "
						+ "answered; latency from sending. Open loop: requests due at a fixed rate, spread over 64 "
						+ "connections, a pacer thread waking the event loop as they fall due (at most once a millisecond, "
						+ "for all then due); a request waiting for "
						+ "a connection is late, and its latency counts from when it was due (no coordinated "
						+ "omission). Latencies in HdrHistogram. The raw client keeps "
						+ "1,000 messages in flight (closed) or sends at the fixed rate (open).",
				brokerFacts, jvm(Stack.INGRESS_JVM, options.overrides().ingressJvm()),
				jvm(Stack.CONSUMER_JVM, options.overrides().consumerJvm()), notes(options));
	}

	private static List<String> jvm(List<String> benchmarks, List<String> overrides) {
		List<String> jvm = new ArrayList<>(benchmarks);
		jvm.addAll(overrides);
		return jvm;
	}

	private static List<String> notes(BenchmarkOptions options) {
		List<String> notes = new ArrayList<>();
		ServiceOverrides overrides = options.overrides();
		if (!overrides.ingress().isEmpty()) {
			notes.add("Ingress settings changed for this run: " + overrides.ingress() + ".");
		}
		if (!overrides.consumer().isEmpty()) {
			notes.add("Consumer settings changed for this run: " + overrides.consumer() + ".");
		}
		notes.addAll(List
			.of("Every published message is read and acknowledged by a Shared consumer while the load runs; "
					+ "what a phase leaves unread is skipped before the next, so that draining it does not take the "
					+ "broker's CPU from the phases after it. Before each phase, and before each drain starts, the "
					+ "kernel writes back what earlier phases left in the page cache (sync), so that the disk is "
					+ "not busy with their writes during it.",
					"The ingress runs its default configuration (in-memory idempotency store, circuit breaker, "
							+ "bulkhead, tracing at 10 % sampling, request and publish histograms), but for its "
							+ "per-tenant rate limit, raised to 10,000,000 events/s for the run.",
					"The raw client batches with Pulsar's default batcher. The ingress sends each event as a "
							+ "message of its own (its producers' batching, by key as Key_Shared consumers need, "
							+ "is off by default): each event is its own entry, as with the REST producer.",
					"End to end: from each request's intended start to the commit of the projection "
							+ "transaction that applied the event (PostgreSQL's `track_commit_timestamp`).",
					"Drain, twice, " + String.format("%,d", options.backlog())
							+ " events each, published through the batch endpoint while the consumer is "
							+ "paused; the rate counts from its first acknowledgement to an empty backlog. "
							+ "Warm: the consumer that ran the phases before is frozen with SIGSTOP during the "
							+ "publish and thawed with SIGCONT. Started afresh: the consumer is stopped, and a "
							+ "new consumer process starts after the publish, its JIT cold, as after an outage. "
							+ "Its audit subscription drains its own copy at the same time. The raw consumer "
							+ "then drains the second backlog from a subscription of its own."));
		return notes;
	}

	private static Environment environment() throws IOException {
		String cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
			.stream()
			.filter((line) -> line.startsWith("model name"))
			.map((line) -> line.substring(line.indexOf(':') + 1).trim())
			.findFirst()
			.orElse("unknown");
		double memory = Files.readAllLines(Path.of("/proc/meminfo"))
			.stream()
			.filter((line) -> line.startsWith("MemTotal:"))
			.map((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1048576.0)
			.findFirst()
			.orElse(0.0);
		return new Environment(cpu, Runtime.getRuntime().availableProcessors(), memory,
				System.getProperty("os.name") + " " + System.getProperty("os.version"),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
	}

}
