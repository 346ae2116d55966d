package io.pulsegate.consumer.hostile;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import io.pulsegate.consumer.deadletters.DeadLetters;
import io.pulsegate.testsupport.Outcomes;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile messages put straight onto the topic, as a misbehaving producer would, against
 * the running consumer: random bytes, malformed and ill-typed data, values far beyond
 * their bounds, missing or hostile properties. Each must end in the dead-letter topic,
 * unchanged and with a reason, at once and without a row in the projection; after each
 * property a valid event is still applied, the audit subscription has taken every message
 * and the consumer is healthy. Tries per property: {@code jqwik.tries.default}
 * ({@code src/test/resources/junit-platform.properties}; {@code -Djqwik.tries.default=N}
 * for more).
 */
class HostileMessagePropertyTests {

	private static final String AT_ONCE = "dead-lettered at once";

	private static RunningConsumer consumer;

	private static Outcomes outcomes;

	private long rowsBefore;

	@BeforeContainer
	static void startConsumer() throws Exception {
		consumer = RunningConsumer.start();
		outcomes = new Outcomes("Hostile messages put straight onto the topic of the running consumer",
				AT_ONCE::equals);
	}

	@AfterContainer
	static void stopConsumer() throws IOException {
		outcomes.print();
		consumer.close();
	}

	@BeforeProperty
	void countRows() {
		this.rowsBefore = consumer.projectedRows();
	}

	@AfterProperty
	void aValidEventIsStillAppliedAndTheConsumerHealthy() throws Exception {
		String orderId = "o-" + UUID.randomUUID();
		consumer.publish(new HostileMessage(HostileMessages.eventProperties("order.placed"), orderId, 0,
				HostileMessages.placed(orderId).getBytes()));
		await().atMost(Duration.ofSeconds(30)).until(() -> consumer.orderExists(orderId));
		// The audit subscription, which has no dead-letter topic, took every message too.
		await().atMost(Duration.ofSeconds(30)).until(() -> consumer.auditBacklog() == 0);
		assertThat(consumer.health()).isEqualTo(200);
	}

	@Property
	void randomPayloadsAreDeadLettered(@ForAll("randomPayloads") HostileMessage message) throws Exception {
		assertDeadLettered("random payloads", message);
	}

	@Property
	void malformedDataIsDeadLettered(@ForAll("malformedData") HostileMessage message) throws Exception {
		assertDeadLettered("malformed data", message);
	}

	@Property
	void illTypedDataIsDeadLettered(@ForAll("wrongTypes") HostileMessage message) throws Exception {
		assertDeadLettered("wrong types", message);
	}

	@Property
	void hugeValuesAreDeadLettered(@ForAll("hugeValues") HostileMessage message) throws Exception {
		assertDeadLettered("huge values", message);
	}

	@Property
	void hostilePropertiesAreDeadLettered(@ForAll("hostileProperties") HostileMessage message) throws Exception {
		assertDeadLettered("hostile properties", message);
	}

	private void assertDeadLettered(String category, HostileMessage message) throws Exception {
		MessageId id = consumer.publish(message);
		Message<byte[]> letter = consumer.awaitDeadLetter(id);
		int attempts = Integer.parseInt(letter.getProperty(DeadLetters.ATTEMPTS));
		outcomes.record(category, (attempts == 1) ? AT_ONCE : "dead-lettered after " + attempts + " attempts",
				message + " -> " + letter.getProperty(DeadLetters.REASON));

		String what = "dead letter of " + message;
		assertThat(letter.getProperty(DeadLetters.REASON)).as(what).isNotBlank();
		assertThat(attempts).as(what + ", reason " + letter.getProperty(DeadLetters.REASON)).isEqualTo(1);
		assertThat(letter.getData()).as(what).isEqualTo(message.payload());
		assertThat(letter.getProperties()).as(what).containsAllEntriesOf(message.properties());
		assertThat(consumer.projectedRows()).as("rows after " + message).isEqualTo(this.rowsBefore);
	}

	@Provide
	Arbitrary<HostileMessage> randomPayloads() {
		return HostileMessages.randomPayloads();
	}

	@Provide
	Arbitrary<HostileMessage> malformedData() {
		return HostileMessages.malformedData();
	}

	@Provide
	Arbitrary<HostileMessage> wrongTypes() {
		return HostileMessages.wrongTypes();
	}

	@Provide
	Arbitrary<HostileMessage> hugeValues() {
		return HostileMessages.hugeValues();
	}

	@Provide
	Arbitrary<HostileMessage> hostileProperties() {
		return HostileMessages.hostileProperties();
	}

}
