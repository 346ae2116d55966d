package io.pulsegate.system.chaos;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.pulsegate.system.chaos.ChaosSummary.Outcome;
import io.pulsegate.testsupport.SubscriptionBacklog;
import io.pulsegate.testsupport.TopicContents;
import org.apache.pulsar.client.api.Message;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

/**
 * The chaos suite: clients send events through two ingress instances, retrying each with
 * its {@code Idempotency-Key} on errors and timeouts, while the broker is killed and
 * restarted, the consumer is killed mid-processing and replaced, an ingress instance gets
 * SIGTERM under load and is replaced, PostgreSQL is stopped and started, and the Redis
 * holding the ingresses' idempotency keys hangs for a while. Every part is a real
 * process; nobody intervenes by hand.
 * <p>
 * Small by default, for CI: 2,000 events and one round of each fault. Longer with
 * {@code -Dpulsegate.chaos.events=50000 -Dpulsegate.chaos.rounds=5} (see the README). The
 * summary goes to standard output and {@code target/chaos/chaos-summary.txt}.
 */
class ChaosTests {

	private static final Duration CATCH_UP = Duration.ofMinutes(3);

	@Test
	void everyAcknowledgedEventIsAppliedExactlyOnceWhateverFails() throws Exception {
		ChaosSettings settings = ChaosSettings.fromSystemProperties();
		String runId = UUID.randomUUID().toString().substring(0, 8);
		Instant started = Instant.now();
		Ledger ledger = new Ledger();
		List<Recovery> recoveries = new ArrayList<>();
		try (ChaosStack stack = ChaosStack.start(runId);
				LoadClients clients = new LoadClients(settings, stack.ingresses(), ChaosStack.API_KEY, ledger, runId)) {
			Projection projection = new Projection(stack.database());
			FaultInjector faults = new FaultInjector(stack, clients, projection, ledger);
			clients.start();
			int position = 0;
			for (int round = 1; round <= settings.rounds(); round++) {
				for (Fault fault : Fault.values()) {
					int trigger = settings.trigger(position++);
					await("%,d events acknowledged before fault %d".formatted(trigger, position))
						.atMost(settings.bound())
						.until(ledger::acknowledged, (acknowledged) -> acknowledged >= trigger);
					recoveries.add(faults.inject(fault, round));
				}
			}
			await("every client done").atMost(settings.bound()).until(clients::isDone);
			awaitCatchUp(stack, projection, ledger);
			List<String> problems = new ArrayList<>(faults.problems());
			stack.unhealthyParts().forEach((part) -> problems.add(part + " is not healthy at the end"));
			ChaosSummary summary = ChaosSummary.of(runId, settings, ledger, outcome(stack, projection), recoveries,
					problems, Duration.between(started, Instant.now()));
			summary.report(settings.report());

			SoftAssertions.assertSoftly((softly) -> {
				softly.assertThat(summary.acknowledged())
					.as("events acknowledged in the end")
					.isEqualTo(summary.sent());
				softly.assertThat(summary.refused()).as("events refused for good").isEmpty();
				softly.assertThat(summary.lost()).as("acknowledged events not applied").isZero();
				softly.assertThat(summary.duplicates()).as("applications beyond the first").isZero();
				softly.assertThat(summary.deadLettered()).as("valid events dead-lettered").isZero();
				softly.assertThat(summary.applied()).as("events applied").isEqualTo(summary.acknowledged());
				softly.assertThat(summary.problems()).as("problems").isEmpty();
			});
		}
	}

	// Until the projection has applied every acknowledged event and both subscriptions
	// are drained; what is missing then is missing for good.
	private static void awaitCatchUp(ChaosStack stack, Projection projection, Ledger ledger) {
		Set<String> acknowledged = ledger.events()
			.stream()
			.filter(LoadEvent::isAcknowledged)
			.map(LoadEvent::orderId)
			.collect(Collectors.toSet());
		try {
			await("the projection catching up").atMost(CATCH_UP)
				.pollInterval(Duration.ofMillis(500))
				.ignoreExceptions()
				.until(() -> projection.applicationsByOrder().keySet().containsAll(acknowledged)
						&& SubscriptionBacklog.of(stack.broker(), stack.topic(), ChaosStack.SUBSCRIPTION) == 0
						&& SubscriptionBacklog.of(stack.broker(), stack.topic(), ChaosStack.AUDIT_SUBSCRIPTION) == 0);
		}
		catch (ConditionTimeoutException ex) {
			// The summary shows what is missing; the assertions fail on it.
		}
	}

	private static Outcome outcome(ChaosStack stack, Projection projection) throws SQLException {
		Map<String, Integer> deadLetters = new HashMap<>();
		for (Message<byte[]> letter : TopicContents.readAll(stack.broker(), stack.deadLetterTopic())) {
			deadLetters.merge(letter.getKey(), 1, Integer::sum);
		}
		return new Outcome(projection.applicationsByOrder(), projection.versionsByOrder(), deadLetters,
				projection.messagesByOrder());
	}

}
