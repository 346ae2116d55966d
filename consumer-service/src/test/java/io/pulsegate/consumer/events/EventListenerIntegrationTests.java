package io.pulsegate.consumer.events;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.events.EventMetadata;
import io.pulsegate.events.orders.OrderLine;
import io.pulsegate.events.orders.OrderPlaced;
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
import org.springframework.pulsar.config.PulsarListenerEndpointRegistry;
import org.springframework.pulsar.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Publishes with a plain Pulsar producer, independent of the ingress, and checks what the
 * listener did through the handler, the metrics, the dead-letter topic and the
 * subscription's backlog.
 */
@SpringBootTest(properties = { "pulsegate.consumer.subscription=consumer-it", "pulsegate.consumer.max-deliveries=3",
		"pulsegate.consumer.audit-subscription=audit-it", "pulsegate.consumer.backlog-interval=200ms",
		"pulsegate.consumer.redelivery.min-delay=100ms", "pulsegate.consumer.redelivery.max-delay=1s" })
@Import({ SharedBrokerConfiguration.class, TestDatabaseConfiguration.class })
class EventListenerIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final String PLACED = TestEvents.placed("order-1");

	private static final String PAID = TestEvents.paid("order-2", "19.0");

	private static final List<ReceivedEvent> handled = new CopyOnWriteArrayList<>();

	// Events whose handler fails on first delivery, as a database outage would make it.
	private static final Set<String> failOnce = ConcurrentHashMap.newKeySet();

	// Events whose handler always fails.
	private static final Set<String> failAlways = ConcurrentHashMap.newKeySet();

	// Events whose handler finds no database for as many deliveries as given.
	private static final Map<String, AtomicInteger> databaseDown = new ConcurrentHashMap<>();

	// When each event reached the handler, in nanoseconds.
	private static final Map<String, List<Long>> deliveredAt = new ConcurrentHashMap<>();

	@RegisterExtension
	static final TestEvents events = TestEvents.onNewTopic("consumer-it");

	@TestBean
	private EventHandler eventHandler;

	@Autowired
	private ConsumerProperties properties;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private PulsarListenerEndpointRegistry listeners;

	// One topic per run, so that an external broker's leftovers never count.
	@DynamicPropertySource
	static void uniqueTopic(DynamicPropertyRegistry registry) {
		registry.add("pulsegate.consumer.topic", events::topic);
	}

	static EventHandler eventHandler() {
		return (event) -> {
			deliveredAt.computeIfAbsent(event.metadata().id(), (id) -> new CopyOnWriteArrayList<>())
				.add(System.nanoTime());
			if (failOnce.remove(event.metadata().id()) || failAlways.contains(event.metadata().id())) {
				throw new IllegalStateException("database unavailable");
			}
			AtomicInteger outage = databaseDown.get(event.metadata().id());
			if (outage != null && outage.getAndDecrement() > 0) {
				throw new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
						new SQLTransientConnectionException("Connection is not available, request timed out"));
			}
			handled.add(event);
		};
	}

	@Test
	void handsTheHandlerATypedEventAndAcknowledgesIt() throws Exception {
		publish(metadata("c-1", "order.placed", "order-1"), PLACED);

		ReceivedEvent event = awaitHandled("c-1");
		assertThat(event.metadata().key()).isEqualTo("order-1");
		assertThat(event.metadata().headers()).containsEntry("tenant", "acme");
		assertThat(event.data()).isEqualTo(new OrderPlaced("order-1", "c-1",
				List.of(new OrderLine("A", 2, new BigDecimal("9.5"))), new BigDecimal("19.0"), "EUR"));
		awaitNoBacklog();
		assertThat(processed("order.placed")).isGreaterThanOrEqualTo(1);
		assertThat(this.meters.get("pulsegate.consumer.handler").tag("type", "order.placed").timer().count())
			.isGreaterThanOrEqualTo(1);
		// The test events carry a time in the past: end to end is measured from it.
		assertThat(this.meters.get("pulsegate.consumer.end.to.end")
			.tag("type", "order.placed")
			.timer()
			.max(TimeUnit.SECONDS)).isGreaterThan(0);
	}

	@Test
	void aFailedEventIsNackedAndDeliveredAgainUntilItSucceeds() throws Exception {
		failOnce.add("c-2");

		publish(metadata("c-2", "order.paid", "order-2"), PAID);

		assertThat(awaitHandled("c-2").redeliveryCount()).isEqualTo(1);
		assertThat(this.meters.get("pulsegate.consumer.events.failed").tag("type", "order.paid").counter().count())
			.isGreaterThanOrEqualTo(1);
		awaitNoBacklog();
	}

	@Test
	void anEventThatKeepsFailingIsDeadLetteredWithItsReasonAfterTheLastDelivery() throws Exception {
		failAlways.add("c-3");

		publish(metadata("c-3", "order.paid", "order-3"), PAID.replace("order-2", "order-3"));

		Message<byte[]> letter = awaitDeadLetter("c-3");
		assertThat(letter.getProperty(DeadLetters.ATTEMPTS)).isEqualTo("3");
		assertThat(letter.getProperty(DeadLetters.REASON)).contains("database unavailable");
		assertThat(letter.getProperty(DeadLetters.SUBSCRIPTION)).isEqualTo("consumer-it");
		assertThat(letter.getKey()).isEqualTo("order-3");
		awaitNoBacklog();
	}

	@Test
	void anEventTheDatabaseCannotTakeIsDeliveredAgainPastTheLastDeliveryUntilTheOutageEnds() throws Exception {
		databaseDown.put("c-20", new AtomicInteger(5));

		publish(metadata("c-20", "order.paid", "order-20"), PAID.replace("order-2", "order-20"));

		assertThat(awaitHandled("c-20").redeliveryCount()).isEqualTo(5);
		awaitNoBacklog();
		assertThat(TopicContents.readAll(SharedTestBroker.get(), this.properties.deadLetterTopic()))
			.noneMatch((message) -> "c-20".equals(message.getProperty("ce_id")));
	}

	@Test
	void eachRedeliveryOfAFailedEventWaitsLongerThanTheOneBefore() throws Exception {
		// Backoff 100 ms, doubling up to 1 s: 100, 200, 400, 800 and 1,000 ms. Pulsar
		// rounds each redelivery time down to 256 ms, so any of them can come up to 255
		// ms
		// early; the shortest delay, every time, would take no more than 100 ms.
		databaseDown.put("c-21", new AtomicInteger(5));

		publish(metadata("c-21", "order.paid", "order-21"), PAID.replace("order-2", "order-21"));

		assertThat(awaitHandled("c-21").redeliveryCount()).isEqualTo(5);
		List<Long> deliveries = deliveredAt.get("c-21");
		assertThat(deliveries).hasSize(6);
		Duration first = Duration.ofNanos(deliveries.get(1) - deliveries.get(0));
		Duration last = Duration.ofNanos(deliveries.get(5) - deliveries.get(4));
		assertThat(last).isGreaterThan(Duration.ofMillis(700)).isGreaterThan(first);
		assertThat(Duration.ofNanos(deliveries.get(5) - deliveries.get(0))).isGreaterThan(Duration.ofMillis(1_200));
		awaitNoBacklog();
	}

	@Test
	void undecodableDataIsDeadLetteredAtOnce() throws Exception {
		publish(metadata("c-4", "order.placed", "order-4"), "{not json");

		Message<byte[]> letter = awaitDeadLetter("c-4");
		assertThat(letter.getProperty(DeadLetters.ATTEMPTS)).isEqualTo("1");
		assertThat(letter.getProperty(DeadLetters.REASON)).contains("not well-formed JSON");
		assertThat(new String(letter.getData(), StandardCharsets.UTF_8)).isEqualTo("{not json");
		awaitNoBacklog();
	}

	@Test
	void dataThatBreaksItsSchemaIsDeadLetteredAtOnceWithThePointers() throws Exception {
		publish(metadata("c-5", "order.paid", "order-5"), "{\"orderId\": \"order-5\", \"amount\": -1}");

		Message<byte[]> letter = awaitDeadLetter("c-5");
		assertThat(letter.getProperty(DeadLetters.ATTEMPTS)).isEqualTo("1");
		assertThat(letter.getProperty(DeadLetters.REASON)).contains("/amount", "/paymentId", "/currency");
	}

	@Test
	void anEventKeyedOtherwiseThanByItsOrderIsDeadLetteredAtOnce() throws Exception {
		publish(metadata("c-22", "order.placed", "order-elsewhere"), PLACED.replace("order-1", "order-22"));

		Message<byte[]> letter = awaitDeadLetter("c-22");
		assertThat(letter.getProperty(DeadLetters.ATTEMPTS)).isEqualTo("1");
		assertThat(letter.getProperty(DeadLetters.REASON)).contains("'order-elsewhere'", "orderId 'order-22'");
		awaitNoBacklog();
		assertThat(handled).extracting((event) -> event.metadata().id()).doesNotContain("c-22");
	}

	@Test
	void anUnknownTypeOrAMessageWithoutEventPropertiesIsDeadLetteredAtOnce() throws Exception {
		publish(metadata("c-6", "order.shipped", "order-6"), "{}");
		events.publishRaw(Map.of("ce_id", "c-7"), "{}");

		assertThat(awaitDeadLetter("c-6").getProperty(DeadLetters.REASON)).contains("unknown event type");
		assertThat(awaitDeadLetter("c-7").getProperty(DeadLetters.REASON)).contains("not an event");
		awaitNoBacklog();
		assertThat(handled).extracting((event) -> event.metadata().id()).doesNotContain("c-6", "c-7");
	}

	@Test
	void aMessageWhosePropertiesHoldNulIsDeadLetteredAtOnceAndStillAudited() throws Exception {
		double before = audited();

		events.publishRaw(Map.of("ce_id", "c-11\u0000", "ce_type", "order.placed", "ce_source", "/test"),
				PLACED.replace("order-1", "order-12"));

		Message<byte[]> letter = awaitDeadLetter("c-11\u0000");
		assertThat(letter.getProperty(DeadLetters.ATTEMPTS)).isEqualTo("1");
		assertThat(letter.getProperty(DeadLetters.REASON)).contains("NUL");
		await().atMost(PATIENCE).until(() -> audited() >= before + 1);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(
					SubscriptionBacklog.of(SharedTestBroker.get(), this.properties.topic(), "audit-it"))
				.isZero());
		assertThat(handled).extracting((event) -> event.metadata().id()).doesNotContain("c-11\u0000");
	}

	@Test
	void everyEventAlsoReachesTheAuditSubscriptionWhateverTheMainOneMakesOfIt() throws Exception {
		double before = audited();
		failAlways.add("c-9");

		publish(metadata("c-8", "order.placed", "order-8"), PLACED.replace("order-1", "order-8"));
		publish(metadata("c-9", "order.paid", "order-9"), PAID.replace("order-2", "order-9"));
		publish(metadata("c-10", "order.placed", "order-10"), "[]");

		await().atMost(PATIENCE).until(() -> audited() >= before + 3);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(
					SubscriptionBacklog.of(SharedTestBroker.get(), this.properties.topic(), "audit-it"))
				.isZero());
	}

	@Test
	void theBacklogGaugeFollowsTheSubscriptionsBacklog() throws Exception {
		awaitNoBacklog();
		MessageListenerContainer events = this.listeners.getListenerContainer("events");
		events.stop();
		try {
			for (int i = 0; i < 3; i++) {
				publish(metadata("backlog-" + i, "order.placed", "order-11"), PLACED.replace("order-1", "order-11"));
			}
			await().atMost(PATIENCE).until(() -> backlogGauge("consumer-it") == 3);
		}
		finally {
			events.start();
		}
		await().atMost(PATIENCE).until(() -> backlogGauge("consumer-it") == 0);
	}

	private double audited() {
		return this.meters.find("pulsegate.consumer.audit.events")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private double backlogGauge(String subscription) {
		return this.meters.get("pulsegate.consumer.subscription.backlog")
			.tag("subscription", subscription)
			.gauge()
			.value();
	}

	private static EventMetadata metadata(String id, String type, String key) {
		return TestEvents.metadata(id, type, key);
	}

	private static void publish(EventMetadata metadata, String data) throws Exception {
		events.publish(metadata, data);
	}

	private static ReceivedEvent awaitHandled(String id) {
		return await().atMost(PATIENCE)
			.until(() -> handled.stream().filter((event) -> event.metadata().id().equals(id)).findFirst(),
					Optional::isPresent)
			.get();
	}

	private Message<byte[]> awaitDeadLetter(String id) {
		return await().atMost(PATIENCE)
			.until(() -> TopicContents.readAll(SharedTestBroker.get(), this.properties.deadLetterTopic())
				.stream()
				.filter((message) -> id.equals(message.getProperty("ce_id")))
				.findFirst(), Optional::isPresent)
			.get();
	}

	private void awaitNoBacklog() {
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(SubscriptionBacklog.of(SharedTestBroker.get(), this.properties.topic(),
					this.properties.subscription()))
				.isZero());
	}

	private double processed(String type) {
		return this.meters.get("pulsegate.consumer.events.processed").tag("type", type).counter().count();
	}

}
