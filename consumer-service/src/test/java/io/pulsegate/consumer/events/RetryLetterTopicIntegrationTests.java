package io.pulsegate.consumer.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.pulsegate.consumer.TestEvents;
import io.pulsegate.consumer.deadletters.DeadLetters;
import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.SubscriptionBacklog;
import io.pulsegate.testsupport.TestDatabaseConfiguration;
import io.pulsegate.testsupport.TopicContents;
import org.apache.pulsar.client.api.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

import static io.pulsegate.consumer.TestEvents.metadata;
import static io.pulsegate.consumer.TestEvents.paid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With a retry-letter topic configured, a failed event waits out its backoff on that
 * topic instead of in the consumer, and is dead-lettered when its attempts run out.
 */
@SpringBootTest(properties = { "pulsegate.consumer.subscription=retry-it", "pulsegate.consumer.max-deliveries=3",
		"pulsegate.consumer.retry-letter-topic=true", "pulsegate.consumer.audit-subscription=audit-retry-it",
		"pulsegate.consumer.redelivery.min-delay=300ms", "pulsegate.consumer.redelivery.multiplier=2" })
@Import({ SharedBrokerConfiguration.class, TestDatabaseConfiguration.class })
class RetryLetterTopicIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	// When the handler saw each event, in nanoseconds, one entry per delivery.
	private static final Map<String, List<Long>> attempts = new ConcurrentHashMap<>();

	@RegisterExtension
	static final TestEvents events = TestEvents.onNewTopic("retry-it");

	@TestBean
	private EventHandler eventHandler;

	@Autowired
	private ConsumerProperties properties;

	@DynamicPropertySource
	static void uniqueTopic(DynamicPropertyRegistry registry) {
		registry.add("pulsegate.consumer.topic", events::topic);
	}

	// Fails "fails-twice" on its first two deliveries and "fails-always" on every one.
	static EventHandler eventHandler() {
		return (event) -> {
			String id = event.metadata().id();
			List<Long> times = attempts.computeIfAbsent(id, (key) -> new CopyOnWriteArrayList<>());
			times.add(System.nanoTime());
			if (id.equals("fails-always") || (id.equals("fails-twice") && times.size() <= 2)) {
				throw new IllegalStateException("downstream unavailable");
			}
		};
	}

	@Test
	void aFailedEventWaitsOutItsBackoffOnTheRetryLetterTopic() throws Exception {
		events.publish(metadata("fails-twice", "order.paid", "order-r1"), paid("order-r1", "19.0"));

		await().atMost(PATIENCE).until(() -> attempts.getOrDefault("fails-twice", List.of()).size() == 3);
		// The broker may deliver up to its tick time (1 s by default) early, so the
		// delays are checked as requested, not as timed.
		assertThat(TopicContents.readAll(SharedTestBroker.get(), this.properties.retryLetterTopicName())
			.stream()
			.filter((message) -> "fails-twice".equals(message.getProperty("ce_id")))
			.map((message) -> message.getProperty("RECONSUMETIMES") + " after " + message.getProperty("DELAY_TIME")))
			.containsExactly("1 after 300", "2 after 600");
		awaitNoBacklog(events.topic());
		awaitNoBacklog(this.properties.retryLetterTopicName());
		assertThat(deadLetter("fails-twice")).isEmpty();
	}

	@Test
	void anEventThatKeepsFailingIsDeadLetteredWhenItsAttemptsRunOut() throws Exception {
		events.publish(metadata("fails-always", "order.paid", "order-r2"), paid("order-r2", "19.0"));

		Message<byte[]> letter = await().atMost(PATIENCE)
			.until(() -> deadLetter("fails-always"), Optional::isPresent)
			.get();
		assertThat(letter.getProperty(DeadLetters.ATTEMPTS)).isEqualTo("3");
		assertThat(letter.getProperty(DeadLetters.REASON)).contains("downstream unavailable");
		assertThat(letter.getKey()).isEqualTo("order-r2");
		assertThat(attempts.get("fails-always")).hasSize(3);
	}

	private Optional<Message<byte[]>> deadLetter(String id) {
		return TopicContents.readAll(SharedTestBroker.get(), this.properties.deadLetterTopic())
			.stream()
			.filter((message) -> id.equals(message.getProperty("ce_id")))
			.findFirst();
	}

	private void awaitNoBacklog(String topic) {
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(
					SubscriptionBacklog.of(SharedTestBroker.get(), topic, this.properties.subscription()))
				.isZero());
	}

}
