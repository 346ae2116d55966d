package io.pulsegate.consumer.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.events.EventMetadata;
import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.SubscriptionBacklog;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Publishes with a plain Pulsar producer, independent of the ingress, and checks what the
 * listener did through the handler, the metrics and the subscription's backlog.
 */
@SpringBootTest(properties = { "pulsegate.consumer.subscription=consumer-it",
		"pulsegate.consumer.redelivery.min-delay=100ms", "pulsegate.consumer.redelivery.max-delay=1s" })
@Import(SharedBrokerConfiguration.class)
class EventListenerIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final List<ReceivedEvent> handled = new CopyOnWriteArrayList<>();

	// Events whose handler fails on first delivery, as a database outage would make it.
	private static final Set<String> failOnce = ConcurrentHashMap.newKeySet();

	private static PulsarClient client;

	@TestBean
	private EventHandler eventHandler;

	@Autowired
	private ConsumerProperties properties;

	@Autowired
	private MeterRegistry meters;

	// One topic per run, so that an external broker's leftovers never count.
	@DynamicPropertySource
	static void uniqueTopic(DynamicPropertyRegistry registry) {
		String topic = "persistent://public/default/consumer-it-" + UUID.randomUUID();
		registry.add("pulsegate.consumer.topic", () -> topic);
	}

	static EventHandler eventHandler() {
		return (event) -> {
			if (failOnce.remove(event.metadata().id())) {
				throw new IllegalStateException("transient failure");
			}
			handled.add(event);
		};
	}

	@BeforeAll
	static void connect() throws Exception {
		client = PulsarClient.builder().serviceUrl(SharedTestBroker.get().serviceUrl()).build();
	}

	@AfterAll
	static void disconnect() throws Exception {
		client.close();
	}

	@Test
	void handlesAnEventAndAcknowledgesIt() throws Exception {
		publish(new EventMetadata("c-1", "order.placed", "/test", Instant.parse("2026-11-23T10:00:00Z"), "order-1",
				Map.of("tenant", "acme")), "{\"orderId\": \"order-1\"}");

		await().atMost(PATIENCE).until(() -> handledIds().contains("c-1"));
		ReceivedEvent event = handled.stream().filter((e) -> e.metadata().id().equals("c-1")).findFirst().get();
		assertThat(event.metadata().key()).isEqualTo("order-1");
		assertThat(event.metadata().headers()).containsEntry("tenant", "acme");
		assertThat(new String(event.data(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\": \"order-1\"}");
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(backlog()).isZero());
		assertThat(processed("order.placed")).isGreaterThanOrEqualTo(1);
	}

	@Test
	void aFailedEventIsNackedAndDeliveredAgainUntilItSucceeds() throws Exception {
		failOnce.add("c-2");

		publish(new EventMetadata("c-2", "order.paid", "/test", Instant.now(), "order-2", Map.of()), "{}");

		await().atMost(PATIENCE).until(() -> handledIds().contains("c-2"));
		ReceivedEvent event = handled.stream().filter((e) -> e.metadata().id().equals("c-2")).findFirst().get();
		assertThat(event.redeliveryCount()).isEqualTo(1);
		assertThat(this.meters.get("pulsegate.consumer.events.failed").tag("type", "order.paid").counter().count())
			.isEqualTo(1);
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(backlog()).isZero());
		assertThat(processed("order.paid")).isEqualTo(1);
	}

	private void publish(EventMetadata metadata, String data) throws Exception {
		try (Producer<byte[]> producer = client.newProducer(Schema.BYTES).topic(this.properties.topic()).create()) {
			producer.newMessage()
				.key(metadata.key())
				.eventTime(metadata.time().toEpochMilli())
				.properties(metadata.toMessageProperties())
				.value(data.getBytes(StandardCharsets.UTF_8))
				.send();
		}
	}

	private static List<String> handledIds() {
		return handled.stream().map((event) -> event.metadata().id()).toList();
	}

	private double processed(String type) {
		return this.meters.get("pulsegate.consumer.events.processed").tag("type", type).counter().count();
	}

	private long backlog() {
		return SubscriptionBacklog.of(SharedTestBroker.get(), this.properties.topic(), this.properties.subscription());
	}

}
