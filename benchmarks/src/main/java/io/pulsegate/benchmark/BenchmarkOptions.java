package io.pulsegate.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pulsegate.benchmark.stack.ServiceOverrides;

/**
 * How long and how hard the benchmark runs.
 *
 * @param output where the report goes
 * @param warmUp how long every path is driven before anything is measured
 * @param peak length of each closed-loop (peak throughput) run
 * @param sweep length of each open-loop run of the rate sweep
 * @param fixedRate length of the open-loop runs at 1,000 events/s that the targets
 * compare
 * @param rates offered rates of the sweep, events per second
 * @param backlog events the consumers drain
 * @param soak length of the soak at half the peak rate, or zero for none
 * @param profile whether the services record a Java Flight Recording
 * @param peakOnly whether to skip the latency, end-to-end and drain runs after the peak
 * throughput runs, for a quick look at a change to the hot path (an overload or a soak
 * asked for still runs)
 * @param endToEndOnly whether to measure only the end-to-end run after the warm-up, to
 * look into the projection's latency
 * @param overrides application properties and JVM options of the services over the
 * benchmark's, to compare settings
 * @param overload length of each of the overload runs (half the sustainable rate, three
 * times it, half again), or zero for none
 */
record BenchmarkOptions(Path output, Duration warmUp, Duration peak, Duration sweep, Duration fixedRate,
		List<Integer> rates, int backlog, Duration soak, boolean profile, boolean peakOnly, boolean endToEndOnly,
		ServiceOverrides overrides, Duration overload) {

	static final int FIXED_RATE = 1_000;

	static BenchmarkOptions parse(String[] args) {
		Path output = Path.of("benchmarks", "report");
		Duration warmUp = Duration.ofSeconds(120);
		Duration soak = Duration.ZERO;
		boolean quick = false;
		boolean profile = false;
		boolean peakOnly = false;
		boolean endToEndOnly = false;
		boolean overload = false;
		Map<String, String> ingressProperties = new LinkedHashMap<>();
		Map<String, String> consumerProperties = new LinkedHashMap<>();
		List<String> ingressJvm = new ArrayList<>();
		List<String> consumerJvm = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--output" -> output = Path.of(value(args, ++i));
				case "--warm-up" -> warmUp = Duration.ofSeconds(Long.parseLong(value(args, ++i)));
				case "--soak" -> soak = Duration.ofMinutes(10);
				case "--quick" -> quick = true;
				case "--profile" -> profile = true;
				case "--peak-only" -> peakOnly = true;
				case "--overload" -> overload = true;
				case "--end-to-end-only" -> endToEndOnly = true;
				case "--ingress-property" -> property(value(args, ++i), ingressProperties);
				case "--consumer-property" -> property(value(args, ++i), consumerProperties);
				case "--ingress-jvm-option" -> ingressJvm.add(value(args, ++i));
				case "--consumer-jvm-option" -> consumerJvm.add(value(args, ++i));
				case "--soak-minutes" -> soak = Duration.ofMinutes(Long.parseLong(value(args, ++i)));
				default -> throw new IllegalArgumentException("Unknown option " + args[i]
						+ "; options: --output DIR, --warm-up SECONDS, --soak, --soak-minutes N, --quick, --profile, --peak-only, --end-to-end-only, --overload, --ingress-property KEY=VALUE, --consumer-property KEY=VALUE, --ingress-jvm-option OPTION, --consumer-jvm-option OPTION");
			}
		}
		if (peakOnly && endToEndOnly) {
			throw new IllegalArgumentException("--peak-only and --end-to-end-only exclude each other");
		}
		ServiceOverrides overrides = new ServiceOverrides(ingressProperties, consumerProperties, ingressJvm,
				consumerJvm);
		if (quick) {
			// Checks that every phase works, in about two minutes; its figures mean
			// little.
			return new BenchmarkOptions(output, Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(2),
					Duration.ofSeconds(3), List.of(500, FIXED_RATE), 10_000, soak, profile, peakOnly, endToEndOnly,
					overrides, overload ? Duration.ofSeconds(5) : Duration.ZERO);
		}
		return new BenchmarkOptions(output, warmUp, Duration.ofSeconds(15), Duration.ofSeconds(6),
				Duration.ofSeconds(15), List.of(500, FIXED_RATE, 2_000, 4_000), 100_000, soak, profile, peakOnly,
				endToEndOnly, overrides, overload ? Duration.ofSeconds(30) : Duration.ZERO);
	}

	private static void property(String entry, Map<String, String> properties) {
		int equals = entry.indexOf('=');
		if (equals < 1) {
			throw new IllegalArgumentException("A property must be key=value but got " + entry);
		}
		properties.put(entry.substring(0, equals), entry.substring(equals + 1));
	}

	private static String value(String[] args, int index) {
		if (index >= args.length) {
			throw new IllegalArgumentException(args[index - 1] + " needs a value");
		}
		return args[index];
	}

}
