package io.pulsegate.system.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The figures of a chaos run, worked out from what the clients were told and what the
 * projection, the audit log and the dead-letter topic hold.
 * <p>
 * Each event is an order placed, so every order of the run must end with exactly one
 * event recorded in {@code applied_events} and version 1. An application beyond the first
 * is a duplicate, whatever shape it takes: a second row for the order (the event applied
 * under a second id), a version above 1 (a second effect on the row), or a dead letter
 * for an order that was applied (a second application, which the projection refused
 * because the order was placed already: what a consumer that forgot an event had been
 * applied would do).
 *
 * @param runId the run's id, which prefixes its keys and names its topic
 * @param settings the run's size
 * @param sent distinct events the clients sent, probes included
 * @param probes of which the faults' probes
 * @param acknowledged events that got a success response
 * @param retries requests beyond each event's first
 * @param retriedEvents events that needed more than one request
 * @param answers requests by answer, such as {@code 202}, {@code 503} or {@code timeout}
 * @param refused events answered with an error that retrying cannot change
 * @param applied acknowledged or not, events the projection applied
 * @param duplicates applications beyond the first
 * @param lost acknowledged events the projection did not apply
 * @param deadLettered the run's events on the dead-letter topic, all valid
 * @param publishedTwice events on the topic more than once (the audit log saw more than
 * one message), each of which the projection must apply once
 * @param recoveries each fault, in the order injected
 * @param problems anything else that went wrong
 * @param wallTime from the stack's start to the end of the checks
 */
record ChaosSummary(String runId, ChaosSettings settings, int sent, int probes, int acknowledged, long retries,
		int retriedEvents, Map<String, Long> answers, List<String> refused, int applied, int duplicates, int lost,
		int deadLettered, int publishedTwice, List<Recovery> recoveries, List<String> problems, Duration wallTime) {

	static ChaosSummary of(String runId, ChaosSettings settings, Ledger ledger, Outcome outcome,
			List<Recovery> recoveries, List<String> problems, Duration wallTime) {
		List<LoadEvent> events = ledger.events();
		int applied = 0;
		int duplicates = 0;
		int lost = 0;
		int publishedTwice = 0;
		for (LoadEvent event : events) {
			String order = event.orderId();
			int applications = outcome.applications().getOrDefault(order, 0);
			int deadLetters = outcome.deadLetters().getOrDefault(order, 0);
			if (applications > 0) {
				applied++;
				duplicates += applications - 1 + Math.max(0, outcome.versions().getOrDefault(order, 1) - 1)
						+ deadLetters;
			}
			else if (event.isAcknowledged()) {
				lost++;
			}
			if (outcome.messages().getOrDefault(order, 0) > 1) {
				publishedTwice++;
			}
		}
		int deadLettered = events.stream()
			.mapToInt((event) -> outcome.deadLetters().getOrDefault(event.orderId(), 0))
			.sum();
		return new ChaosSummary(runId, settings, events.size(), events.size() - settings.events(),
				ledger.acknowledged(), events.stream().mapToLong((event) -> event.attempts() - 1).sum(),
				(int) events.stream().filter((event) -> event.attempts() > 1).count(), ledger.answers(),
				events.stream().map(LoadEvent::refusal).filter(Objects::nonNull).limit(10).toList(), applied,
				duplicates, lost, deadLettered, publishedTwice, recoveries, problems, wallTime);
	}

	/**
	 * What the run left behind, read once the clients were done and the projection had
	 * caught up.
	 *
	 * @param applications rows in {@code applied_events}, by order id
	 * @param versions each order's version, by order id
	 * @param deadLetters letters on the dead-letter topic, by order id (message key)
	 * @param messages messages the audit log saw, by order id (message key)
	 */
	record Outcome(Map<String, Integer> applications, Map<String, Integer> versions, Map<String, Integer> deadLetters,
			Map<String, Integer> messages) {
	}

	String text() {
		StringBuilder text = new StringBuilder();
		text.append(String.format("Chaos run %s: %,d events from %d clients at up to %d/s, %d round(s) of %d faults%n",
				this.runId, this.settings.events(), this.settings.clients(), this.settings.rate(),
				this.settings.rounds(), Fault.values().length));
		line(text, "events sent",
				String.format("%,d (%,d load + %d probes)", this.sent, this.sent - this.probes, this.probes));
		line(text, "acknowledged", String.format("%,d", this.acknowledged));
		line(text, "retried", String.format("%,d requests, for %,d events", this.retries, this.retriedEvents));
		line(text, "applied", String.format("%,d", this.applied));
		line(text, "duplicates", String.format("%,d", this.duplicates));
		line(text, "lost", String.format("%,d", this.lost));
		line(text, "dead-lettered", String.format("%,d", this.deadLettered));
		line(text, "published twice",
				String.format("%,d (on the topic more than once; applied once)", this.publishedTwice));
		line(text, "answers", this.answers.toString());
		text.append("  recovery per fault (back: the part serving again; end to end: an event sent right after\n")
			.append("  the fault applied in the projection)\n");
		for (Recovery recovery : this.recoveries) {
			text.append(String.format("    round %d  %-32s back %7s  end to end %7s  (%s)%n", recovery.round(),
					recovery.fault().description(), FaultInjector.seconds(recovery.back()),
					FaultInjector.seconds(recovery.endToEnd()), recovery.detail()));
		}
		this.refused.forEach((refusal) -> line(text, "refused", refusal));
		this.problems.forEach((problem) -> line(text, "problem", problem));
		line(text, "wall time", FaultInjector.seconds(this.wallTime));
		return text.toString();
	}

	private static void line(StringBuilder text, String label, String value) {
		text.append(String.format("  %-16s %s%n", label, value));
	}

	/**
	 * Prints the summary and writes it to {@code chaos-summary.txt} in a folder.
	 * @param folder where to write it
	 * @return the file written
	 */
	Path report(Path folder) {
		String text = text();
		System.out.print(text);
		try {
			Files.createDirectories(folder);
			Path file = folder.resolve("chaos-summary.txt");
			Files.writeString(file, text, StandardCharsets.UTF_8);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
