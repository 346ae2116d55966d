package io.pulsegate.testsupport;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Counts what came of each hostile input in a property-based test, by category and
 * outcome, and prints the tally with the first input of each outcome worth a look: the
 * figures a run reports.
 */
public final class Outcomes {

	private final String title;

	private final Predicate<String> expected;

	private final Map<String, Map<String, AtomicInteger>> counts = new ConcurrentSkipListMap<>();

	private final Map<String, String> examples = new ConcurrentSkipListMap<>();

	/**
	 * A tally.
	 * @param title what it counts
	 * @param expected which outcomes are the expected ones: the first input of any other
	 * is printed
	 */
	public Outcomes(String title, Predicate<String> expected) {
		this.title = title;
		this.expected = expected;
	}

	/**
	 * Counts one input.
	 * @param category what kind of input it was
	 * @param outcome what came of it
	 * @param input the input, printed if it is the first of an outcome worth a look
	 */
	public void record(String category, String outcome, Object input) {
		this.counts.computeIfAbsent(category, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(outcome, (key) -> new AtomicInteger())
			.incrementAndGet();
		if (!this.expected.test(outcome)) {
			this.examples.putIfAbsent(category + ": " + outcome, String.valueOf(input));
		}
	}

	public String summary() {
		StringBuilder summary = new StringBuilder(this.title).append('\n');
		int total = 0;
		for (Map.Entry<String, Map<String, AtomicInteger>> category : this.counts.entrySet()) {
			Map<String, Integer> byOutcome = new TreeMap<>();
			category.getValue().forEach((outcome, count) -> byOutcome.put(outcome, count.get()));
			int tried = byOutcome.values().stream().mapToInt(Integer::intValue).sum();
			total += tried;
			summary.append(String.format("  %-28s %6d tried: %s%n", category.getKey(), tried, byOutcome));
		}
		summary.append(String.format("  %-28s %6d tried%n", "total", total));
		if (!this.examples.isEmpty()) {
			summary.append("First input of each unexpected outcome:\n");
		}
		this.examples.forEach((outcome,
				input) -> summary.append("  ").append(outcome).append(" <- ").append(printable(input)).append('\n'));
		return summary.toString();
	}

	private static String printable(String input) {
		String line = input.replace("\r", "\\r").replace("\n", "\\n");
		StringBuilder printable = new StringBuilder();
		line.codePoints()
			.limit(300)
			.forEach((c) -> printable
				.append((c < 0x20 || c == 0x7f) ? String.format("\\x%02x", c) : Character.toString(c)));
		return (line.length() > 300) ? printable + "..." : printable.toString();
	}

	public void print() {
		System.out.print(summary());
	}

}
