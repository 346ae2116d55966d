package io.pulsegate.consumer.orders;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.pulsegate.consumer.TestEvents;
import io.pulsegate.consumer.events.BatchEventHandler;
import io.pulsegate.consumer.events.ConsumerProperties;
import io.pulsegate.consumer.events.EventHandler;
import io.pulsegate.consumer.events.ReceivedEvent;
import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.SubscriptionBacklog;
import io.pulsegate.testsupport.TestDatabaseConfiguration;
import io.pulsegate.testsupport.TopicContents;
import org.apache.pulsar.client.api.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.pulsegate.consumer.TestEvents.cancelled;
import static io.pulsegate.consumer.TestEvents.metadata;
import static io.pulsegate.consumer.TestEvents.paid;
import static io.pulsegate.consumer.TestEvents.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order projection against the real broker and a real PostgreSQL: what each event did
 * is read back from the database.
 */
@SpringBootTest(properties = { "pulsegate.consumer.subscription=projection-it", "pulsegate.consumer.max-deliveries=3",
		"pulsegate.consumer.concurrency=3", "pulsegate.consumer.audit-subscription=audit-projection-it",
		"pulsegate.consumer.audit-concurrency=2", "pulsegate.consumer.redelivery.min-delay=100ms",
		"pulsegate.consumer.redelivery.max-delay=500ms" })
@Import({ SharedBrokerConfiguration.class, TestDatabaseConfiguration.class,
		OrderProjectionIntegrationTests.Observation.class })
class OrderProjectionIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@RegisterExtension
	static final TestEvents events = TestEvents.onNewTopic("projection-it");

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private ConsumerProperties properties;

	@DynamicPropertySource
	static void uniqueTopic(DynamicPropertyRegistry registry) {
		registry.add("pulsegate.consumer.topic", events::topic);
	}

	@Test
	void appliesAnOrdersLifeOneEventAtATime() throws Exception {
		events.publish(metadata("life-1", "order.placed", "order-life"), placed("order-life"));
		events.publish(metadata("life-2", "order.paid", "order-life"), paid("order-life", "19.00"));

		Order order = awaitVersion("order-life", 2);
		assertThat(order.status()).isEqualTo(OrderStatus.PAID);
		assertThat(order.paymentId()).isEqualTo("p-order-life");
		assertThat(order.total()).isEqualByComparingTo("19");
		assertThat(order.lineCount()).isEqualTo(1);
		assertThat(order.lastEventId()).isEqualTo("life-2");
		assertThat(appliedEvents("order-life")).isEqualTo(2);
	}

	@Test
	void anEventPublishedTwiceIsAppliedOnce() throws Exception {
		events.publish(metadata("twice-1", "order.placed", "order-twice"), placed("order-twice"));
		events.publish(metadata("twice-1", "order.placed", "order-twice"), placed("order-twice"));
		events.publish(metadata("twice-2", "order.cancelled", "order-twice"), cancelled("order-twice"));

		awaitNoBacklog();
		Order order = awaitVersion("order-twice", 2);
		assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(appliedEvents("order-twice")).isEqualTo(2);
		assertThat(deadLetter("twice-1")).isEmpty();
	}

	@Test
	void anEventDeliveredAgainAfterItsTransactionCommittedChangesNothing() throws Exception {
		Observation.failAfterCommit.add("again-2");

		events.publish(metadata("again-1", "order.placed", "order-again"), placed("order-again"));
		events.publish(metadata("again-2", "order.paid", "order-again"), paid("order-again", "19.0"));

		await().atMost(PATIENCE).until(() -> Observation.deliveries("again-2") == 2);
		awaitNoBacklog();
		Order order = awaitVersion("order-again", 2);
		assertThat(order.status()).isEqualTo(OrderStatus.PAID);
		assertThat(appliedEvents("order-again")).isEqualTo(2);
	}

	@Test
	void aMoveTheOrderCannotMakeIsDeadLetteredAtOnceWithItsReason() throws Exception {
		events.publish(metadata("bad-1", "order.placed", "order-bad"), placed("order-bad"));
		events.publish(metadata("bad-2", "order.cancelled", "order-bad"), cancelled("order-bad"));
		events.publish(metadata("bad-3", "order.paid", "order-bad"), paid("order-bad", "19.0"));

		Message<byte[]> letter = awaitDeadLetter("bad-3");
		assertThat(letter.getProperty("pulsegate_dead_letter_reason"))
			.isEqualTo("order order-bad is CANCELLED and cannot be paid");
		assertThat(letter.getProperty("pulsegate_dead_letter_attempts")).isEqualTo("1");
		Order order = awaitVersion("order-bad", 2);
		assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(appliedEvents("order-bad")).isEqualTo(2);
	}

	@Test
	void aPaymentThatDoesNotMatchTheTotalIsDeadLettered() throws Exception {
		events.publish(metadata("short-1", "order.placed", "order-short"), placed("order-short"));
		events.publish(metadata("short-2", "order.paid", "order-short"), paid("order-short", "18.99"));

		assertThat(awaitDeadLetter("short-2").getProperty("pulsegate_dead_letter_reason"))
			.isEqualTo("payment of 18.99 EUR for order order-short does not match its total of 19 EUR");
		assertThat(awaitVersion("order-short", 1).status()).isEqualTo(OrderStatus.PLACED);
	}

	@Test
	void anEventForAnOrderNeverPlacedIsRetriedWithBackoffThenDeadLettered() throws Exception {
		events.publish(metadata("orphan-1", "order.paid", "order-orphan"), paid("order-orphan", "19.0"));

		Message<byte[]> letter = awaitDeadLetter("orphan-1");
		assertThat(letter.getProperty("pulsegate_dead_letter_reason")).contains("has not been placed");
		assertThat(letter.getProperty("pulsegate_dead_letter_attempts")).isEqualTo("3");
		assertThat(Observation.deliveries("orphan-1")).isEqualTo(3);
		assertThat(this.jdbc.sql("SELECT count(*) FROM orders WHERE order_id = 'order-orphan'")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void keepsEachOrdersEventsInOrderAcrossConsumersWhileOrdersAreHandledInParallel() throws Exception {
		int orders = 40;
		// Every order's placement, then every payment, then every cancellation, each
		// round
		// in batches of its own; the placements wait in the handler until all is
		// published, so a later event of an order could overtake its placement if
		// anything let it.
		for (String type : List.of("order.placed", "order.paid", "order.cancelled")) {
			List<CompletableFuture<?>> sends = new ArrayList<>();
			for (int i = 0; i < orders; i++) {
				String orderId = "parallel-" + i;
				String data = switch (type) {
					case "order.placed" -> placed(orderId);
					case "order.paid" -> paid(orderId, "19.0");
					default -> cancelled(orderId);
				};
				sends.add(events.publishAsync(metadata(orderId + "-" + type, type, orderId), data));
			}
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		}
		Observation.allPublished.countDown();

		await().atMost(PATIENCE)
			.until(() -> this.jdbc
				.sql("SELECT count(*) FROM orders WHERE order_id LIKE 'parallel-%' AND status = 'CANCELLED' "
						+ "AND version = 3")
				.query(Integer.class)
				.single() == orders);
		for (int i = 0; i < orders; i++) {
			assertThat(Observation.deliveredTypes("parallel-" + i)).as("deliveries of order parallel-%d", i)
				.containsExactly("order.placed", "order.paid", "order.cancelled");
		}
		assertThat(Observation.parallelStart.getCount()).as("two consumers handled orders at the same time").isZero();
		assertThat(Observation.threadsFor("parallel-")).hasSizeGreaterThan(1);
	}

	@Test
	void theSharedAuditSubscriptionLogsEveryMessageOnceAcrossItsConsumers() throws Exception {
		for (int i = 0; i < 30; i++) {
			events.publish(metadata("audit-" + i, "order.placed", "audit-" + i), placed("audit-" + i));
		}
		// Not even an event: the audit logs it all the same.
		events.publishRaw(Map.of("ce_id", "audit-raw"), "{}");

		await().atMost(PATIENCE)
			.until(() -> this.jdbc.sql("SELECT count(*) FROM audit_log WHERE event_id LIKE 'audit-%'")
				.query(Integer.class)
				.single() == 31);
		assertThat(this.jdbc.sql("SELECT count(DISTINCT consumer_name) FROM audit_log WHERE event_id LIKE 'audit-%'")
			.query(Integer.class)
			.single()).isEqualTo(2);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(
					SubscriptionBacklog.of(SharedTestBroker.get(), events.topic(), this.properties.auditSubscription()))
				.isZero());
	}

	private Order awaitVersion(String orderId, int version) {
		return await().atMost(PATIENCE)
			.until(() -> this.jdbc.sql("SELECT version FROM orders WHERE order_id = ?")
				.param(orderId)
				.query(Integer.class)
				.optional(), (found) -> found.isPresent() && found.get() >= version)
			.map((found) -> this.orderById(orderId))
			.orElseThrow();
	}

	private Order orderById(String orderId) {
		return this.jdbc
			.sql("SELECT order_id, customer_id, status, total, currency, line_count, payment_id, cancel_reason, "
					+ "placed_at, version, last_event_id FROM orders WHERE order_id = ?")
			.param(orderId)
			.query((row, n) -> new Order(row.getString(1), row.getString(2), OrderStatus.valueOf(row.getString(3)),
					row.getBigDecimal(4), row.getString(5), row.getInt(6), row.getString(7), row.getString(8),
					row.getTimestamp(9).toInstant(), row.getInt(10), row.getString(11)))
			.single();
	}

	private int appliedEvents(String orderId) {
		return this.jdbc.sql("SELECT count(*) FROM applied_events WHERE order_id = ?")
			.param(orderId)
			.query(Integer.class)
			.single();
	}

	private Optional<Message<byte[]>> deadLetter(String id) {
		return TopicContents.readAll(SharedTestBroker.get(), this.properties.deadLetterTopic())
			.stream()
			.filter((message) -> id.equals(message.getProperty("ce_id")))
			.findFirst();
	}

	private Message<byte[]> awaitDeadLetter(String id) {
		return await().atMost(PATIENCE).until(() -> deadLetter(id), Optional::isPresent).get();
	}

	private void awaitNoBacklog() {
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(
					SubscriptionBacklog.of(SharedTestBroker.get(), events.topic(), this.properties.subscription()))
				.isZero());
	}

	/**
	 * Watches the real projection from outside: which thread handled which event, in what
	 * order, and how often; and makes chosen events fail after their transaction
	 * committed, as a lost acknowledgement would.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Observation {

		static final Set<String> failAfterCommit = ConcurrentHashMap.newKeySet();

		static final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

		static final Map<String, List<String>> typesByOrder = new ConcurrentHashMap<>();

		static final Map<String, Set<String>> threadsByOrder = new ConcurrentHashMap<>();

		// Released once two threads are inside the handler for the parallel test at once.
		static final CountDownLatch parallelStart = new CountDownLatch(2);

		// Holds the parallel test's placements until the test has published everything.
		static final CountDownLatch allPublished = new CountDownLatch(1);

		private static final Set<String> parallelThreads = ConcurrentHashMap.newKeySet();

		static int deliveries(String eventId) {
			AtomicInteger count = deliveries.get(eventId);
			return (count != null) ? count.get() : 0;
		}

		static List<String> deliveredTypes(String orderId) {
			return typesByOrder.getOrDefault(orderId, List.of());
		}

		static Set<String> threadsFor(String orderPrefix) {
			Set<String> threads = ConcurrentHashMap.newKeySet();
			threadsByOrder.forEach((order, names) -> {
				if (order.startsWith(orderPrefix)) {
					threads.addAll(names);
				}
			});
			return threads;
		}

		@Bean
		static BeanPostProcessor observeEventHandler() {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					return (bean instanceof EventHandler handler) ? observing(handler) : bean;
				}

			};
		}

		private static EventHandler observing(EventHandler handler) {
			BatchEventHandler projection = (BatchEventHandler) handler;
			return new BatchEventHandler() {

				@Override
				public void handle(ReceivedEvent event) {
					delivered(event);
					projection.handle(event);
					handled(event);
				}

				// A batch that rolls back is handed over again event by event: only
				// batches that commit count as deliveries of their events.
				@Override
				public void handleAll(List<ReceivedEvent> events) {
					events.forEach(Observation::awaitParallelStart);
					projection.handleAll(events);
					events.forEach(Observation::delivered);
					events.forEach(Observation::handled);
				}

			};
		}

		private static void delivered(ReceivedEvent event) {
			deliveries.computeIfAbsent(event.metadata().id(), (key) -> new AtomicInteger()).incrementAndGet();
			typesByOrder.computeIfAbsent(event.metadata().key(), (key) -> new CopyOnWriteArrayList<>())
				.add(event.metadata().type());
			awaitParallelStart(event);
		}

		private static void awaitParallelStart(ReceivedEvent event) {
			if (event.metadata().key().startsWith("parallel-")) {
				if (parallelThreads.add(Thread.currentThread().getName())) {
					parallelStart.countDown();
					awaitAtMost(parallelStart, 20);
				}
				if (event.metadata().type().equals("order.placed")) {
					awaitAtMost(allPublished, 30);
				}
			}
		}

		private static void handled(ReceivedEvent event) {
			threadsByOrder.computeIfAbsent(event.metadata().key(), (key) -> ConcurrentHashMap.newKeySet())
				.add(Thread.currentThread().getName());
			if (failAfterCommit.remove(event.metadata().id())) {
				throw new IllegalStateException("acknowledgement lost after commit");
			}
		}

		// Bounded: if the latch is never released, the test's assertions say why.
		private static void awaitAtMost(CountDownLatch latch, int seconds) {
			try {
				latch.await(seconds, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
