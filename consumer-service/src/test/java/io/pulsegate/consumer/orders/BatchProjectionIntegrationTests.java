package io.pulsegate.consumer.orders;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.consumer.TestEvents;
import io.pulsegate.consumer.events.BatchEventHandler;
import io.pulsegate.consumer.events.ConsumerProperties;
import io.pulsegate.consumer.events.EventHandler;
import io.pulsegate.consumer.events.ReceivedEvent;
import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.TestDatabaseConfiguration;
import io.pulsegate.testsupport.TopicContents;
import org.apache.pulsar.client.api.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.pulsar.config.PulsarListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.pulsegate.consumer.TestEvents.cancelled;
import static io.pulsegate.consumer.TestEvents.metadata;
import static io.pulsegate.consumer.TestEvents.paid;
import static io.pulsegate.consumer.TestEvents.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The projection applying batches, against the real broker and a real PostgreSQL. Each
 * test publishes its events while the listener is stopped and then starts it, so that
 * they arrive in one batch; the projection is watched to see which batches it was handed
 * and whether they committed.
 */
@SpringBootTest(properties = { "pulsegate.consumer.subscription=batch-it", "pulsegate.consumer.max-deliveries=20",
		"pulsegate.consumer.audit-subscription=audit-batch-it", "pulsegate.consumer.batch.timeout=1s",
		"pulsegate.consumer.redelivery.min-delay=100ms", "pulsegate.consumer.redelivery.max-delay=500ms" })
@Import({ SharedBrokerConfiguration.class, TestDatabaseConfiguration.class,
		BatchProjectionIntegrationTests.Batches.class })
class BatchProjectionIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@RegisterExtension
	static final TestEvents events = TestEvents.onNewTopic("batch-it");

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private ConsumerProperties properties;

	@Autowired
	private PulsarListenerEndpointRegistry listeners;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void uniqueTopic(DynamicPropertyRegistry registry) {
		registry.add("pulsegate.consumer.topic", events::topic);
	}

	// A database that refuses to record the events named in test_failures, as an outage
	// or a broken constraint would, until the test lets them through.
	@BeforeEach
	void failingEvents() {
		this.jdbc.sql("CREATE TABLE IF NOT EXISTS test_failures (event_id_pattern text PRIMARY KEY)").update();
		this.jdbc.sql("""
				CREATE OR REPLACE FUNCTION fail_marked_events() RETURNS trigger AS $$
				BEGIN
					IF EXISTS (SELECT 1 FROM test_failures WHERE NEW.event_id LIKE event_id_pattern) THEN
						RAISE EXCEPTION 'test failure for event %', NEW.event_id;
					END IF;
					RETURN NEW;
				END $$ LANGUAGE plpgsql""").update();
		this.jdbc.sql("DROP TRIGGER IF EXISTS fail_marked_events ON applied_events").update();
		this.jdbc
			.sql("CREATE TRIGGER fail_marked_events BEFORE INSERT ON applied_events FOR EACH ROW "
					+ "EXECUTE FUNCTION fail_marked_events()")
			.update();
	}

	@Test
	void appliesABatchInOneTransactionWithEachOrdersEventsInOrder() throws Exception {
		inOneBatch(() -> {
			events.publish(metadata("seq-1", "order.placed", "order-seq-a"), placed("order-seq-a"));
			events.publish(metadata("seq-2", "order.placed", "order-seq-b"), placed("order-seq-b"));
			events.publish(metadata("seq-3", "order.paid", "order-seq-a"), paid("order-seq-a", "19.0"));
			events.publish(metadata("seq-4", "order.cancelled", "order-seq-b"), cancelled("order-seq-b"));
			events.publish(metadata("seq-5", "order.cancelled", "order-seq-a"), cancelled("order-seq-a"));
		});

		awaitNoBacklog();
		assertThat(Batches.committed("seq-")).containsExactly(List.of("seq-1", "seq-2", "seq-3", "seq-4", "seq-5"));
		assertThat(Batches.rolledBack("seq-")).isEmpty();
		Order a = order("order-seq-a");
		assertThat(a.status()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(a.paymentId()).isEqualTo("p-order-seq-a");
		assertThat(a.version()).isEqualTo(3);
		assertThat(a.lastEventId()).isEqualTo("seq-5");
		assertThat(moments("order-seq-a")).isEqualTo("placed, paid, cancelled");
		assertThat(order("order-seq-b").status()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(appliedEvents("order-seq-%")).isEqualTo(5);
	}

	@Test
	void aRejectedEventInABatchIsDeadLetteredWithItsReasonWhileTheOthersAreApplied() throws Exception {
		inOneBatch(() -> {
			events.publish(metadata("rej-1", "order.placed", "order-rej-1"), placed("order-rej-1"));
			events.publish(metadata("rej-2", "order.placed", "order-rej-2"), placed("order-rej-2"));
			events.publish(metadata("rej-3", "order.paid", "order-rej-1"), paid("order-rej-1", "18.99"));
			events.publish(metadata("rej-4", "order.placed", "order-rej-3"), placed("order-rej-3"));
		});

		Message<byte[]> letter = awaitDeadLetter("rej-3");
		assertThat(letter.getProperty("pulsegate_dead_letter_reason"))
			.isEqualTo("payment of 18.99 EUR for order order-rej-1 does not match its total of 19 EUR");
		assertThat(letter.getProperty("pulsegate_dead_letter_attempts")).isEqualTo("1");
		awaitNoBacklog();
		assertThat(Batches.rolledBack("rej-")).containsExactly(List.of("rej-1", "rej-2", "rej-3", "rej-4"));
		assertThat(appliedEvents("order-rej-%")).isEqualTo(3);
		for (String orderId : List.of("order-rej-1", "order-rej-2", "order-rej-3")) {
			assertThat(order(orderId).status()).isEqualTo(OrderStatus.PLACED);
		}
		assertThat(deadLetters("rej-")).containsExactly("rej-3");
	}

	@Test
	void aPoisonMessageInABatchIsDeadLetteredWhileTheOthersAreAppliedTogether() throws Exception {
		inOneBatch(() -> {
			events.publish(metadata("poison-1", "order.placed", "order-poison-1"), placed("order-poison-1"));
			events.publish(metadata("poison-2", "order.placed", "order-poison-2"), "{not json");
			events.publish(metadata("poison-3", "order.placed", "order-poison-3"), placed("order-poison-3"));
		});

		assertThat(awaitDeadLetter("poison-2").getProperty("pulsegate_dead_letter_reason"))
			.contains("not well-formed JSON");
		awaitNoBacklog();
		assertThat(Batches.committed("poison-")).containsExactly(List.of("poison-1", "poison-3"));
		assertThat(appliedEvents("order-poison-%")).isEqualTo(2);
		assertThat(deadLetters("poison-")).containsExactly("poison-2");
	}

	@Test
	void anEventPublishedAgainWithinABatchOrInALaterOneIsAppliedOnce() throws Exception {
		double duplicatesBefore = duplicates();
		inOneBatch(() -> {
			events.publish(metadata("dup-1", "order.placed", "order-dup"), placed("order-dup"));
			events.publish(metadata("dup-1", "order.placed", "order-dup"), placed("order-dup"));
			events.publish(metadata("dup-2", "order.paid", "order-dup"), paid("order-dup", "19.0"));
		});
		awaitNoBacklog();
		inOneBatch(() -> {
			events.publish(metadata("dup-1", "order.placed", "order-dup"), placed("order-dup"));
			events.publish(metadata("dup-2", "order.paid", "order-dup"), paid("order-dup", "19.0"));
			events.publish(metadata("dup-3", "order.cancelled", "order-dup"), cancelled("order-dup"));
		});
		awaitNoBacklog();

		assertThat(Batches.committed("dup-")).containsExactly(List.of("dup-1", "dup-1", "dup-2"),
				List.of("dup-1", "dup-2", "dup-3"));
		assertThat(Batches.rolledBack("dup-")).isEmpty();
		Order order = order("order-dup");
		assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.version()).isEqualTo(3);
		assertThat(moments("order-dup")).isEqualTo("placed, paid, cancelled");
		assertThat(appliedEvents("order-dup")).isEqualTo(3);
		assertThat(duplicates() - duplicatesBefore).isEqualTo(3);
		assertThat(deadLetters("dup-")).isEmpty();
	}

	@Test
	void aDatabaseFailureMidBatchRollsItBackAndOnlyTheEventThatFailedWaitsForRedelivery() throws Exception {
		failEvents("mid-3");
		inOneBatch(() -> {
			for (int i = 1; i <= 5; i++) {
				events.publish(metadata("mid-" + i, "order.placed", "order-mid-" + i), placed("order-mid-" + i));
			}
		});

		// The others are applied and acknowledged; the one that failed is neither, and
		// comes back.
		await().atMost(PATIENCE).until(() -> Batches.handledAlone("mid-3") >= 2);
		assertThat(Batches.rolledBack("mid-")).containsExactly(List.of("mid-1", "mid-2", "mid-3", "mid-4", "mid-5"));
		assertThat(appliedEvents("order-mid-%")).isEqualTo(4);
		assertThat(orderExists("order-mid-3")).isFalse();
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(backlog()).isEqualTo(1));

		letEventsThrough();
		awaitNoBacklog();
		assertThat(order("order-mid-3").version()).isEqualTo(1);
		assertThat(appliedEvents("order-mid-%")).isEqualTo(5);
		assertThat(deadLetters("mid-")).isEmpty();
	}

	@Test
	void nothingOfABatchIsAcknowledgedDuringAnOutageAndAllOfItIsAppliedOnceAfter() throws Exception {
		failEvents("outage-%");
		inOneBatch(() -> {
			events.publish(metadata("outage-1", "order.placed", "order-outage-1"), placed("order-outage-1"));
			events.publish(metadata("outage-2", "order.paid", "order-outage-1"), paid("order-outage-1", "19.0"));
			events.publish(metadata("outage-3", "order.placed", "order-outage-2"), placed("order-outage-2"));
			events.publish(metadata("outage-4", "order.cancelled", "order-outage-2"), cancelled("order-outage-2"));
		});

		// Every event failed, was delivered again and failed again: none was applied,
		// none acknowledged.
		await().atMost(PATIENCE)
			.until(() -> List.of("outage-1", "outage-2", "outage-3", "outage-4")
				.stream()
				.allMatch((id) -> Batches.handledAlone(id) >= 2));
		assertThat(appliedEvents("order-outage-%")).isZero();
		assertThat(backlog()).isEqualTo(4);

		letEventsThrough();
		await().atMost(PATIENCE).until(() -> appliedEvents("order-outage-%") == 4);
		awaitNoBacklog();
		Order first = order("order-outage-1");
		assertThat(first.status()).isEqualTo(OrderStatus.PAID);
		assertThat(first.version()).isEqualTo(2);
		Order second = order("order-outage-2");
		assertThat(second.status()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(second.version()).isEqualTo(2);
		assertThat(deadLetters("outage-")).isEmpty();
	}

	private void inOneBatch(TestEvents.Publishing publishing) throws Exception {
		TestEvents.whileStopped(this.listeners.getListenerContainer("events"), publishing);
	}

	private void failEvents(String pattern) {
		this.jdbc.sql("INSERT INTO test_failures VALUES (?)").param(pattern).update();
	}

	private void letEventsThrough() {
		this.jdbc.sql("DELETE FROM test_failures").update();
	}

	private Order order(String orderId) {
		return this.jdbc
			.sql("SELECT order_id, customer_id, status, total, currency, line_count, payment_id, cancel_reason, "
					+ "placed_at, version, last_event_id FROM orders WHERE order_id = ?")
			.param(orderId)
			.query((row, n) -> new Order(row.getString(1), row.getString(2), OrderStatus.valueOf(row.getString(3)),
					row.getBigDecimal(4), row.getString(5), row.getInt(6), row.getString(7), row.getString(8),
					row.getTimestamp(9).toInstant(), row.getInt(10), row.getString(11)))
			.single();
	}

	// Which of its moments an order records, from its event times.
	private String moments(String orderId) {
		return this.jdbc
			.sql("SELECT concat_ws(', ', CASE WHEN placed_at IS NOT NULL THEN 'placed' END, "
					+ "CASE WHEN paid_at IS NOT NULL THEN 'paid' END, "
					+ "CASE WHEN cancelled_at IS NOT NULL THEN 'cancelled' END) FROM orders WHERE order_id = ?")
			.param(orderId)
			.query(String.class)
			.single();
	}

	private boolean orderExists(String orderId) {
		return this.jdbc.sql("SELECT count(*) FROM orders WHERE order_id = ?")
			.param(orderId)
			.query(Integer.class)
			.single() > 0;
	}

	private int appliedEvents(String orderIdPattern) {
		return this.jdbc.sql("SELECT count(*) FROM applied_events WHERE order_id LIKE ?")
			.param(orderIdPattern)
			.query(Integer.class)
			.single();
	}

	private double duplicates() {
		return this.meters.find("pulsegate.consumer.events.duplicate")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private List<String> deadLetters(String idPrefix) {
		return TopicContents.readAll(SharedTestBroker.get(), this.properties.deadLetterTopic())
			.stream()
			.map((message) -> message.getProperty("ce_id"))
			.filter((id) -> id != null && id.startsWith(idPrefix))
			.toList();
	}

	private Message<byte[]> awaitDeadLetter(String id) {
		return await().atMost(PATIENCE)
			.until(() -> TopicContents.readAll(SharedTestBroker.get(), this.properties.deadLetterTopic())
				.stream()
				.filter((message) -> id.equals(message.getProperty("ce_id")))
				.findFirst(), Optional::isPresent)
			.get();
	}

	private long backlog() {
		return events.backlog(this.properties.subscription());
	}

	private void awaitNoBacklog() {
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(backlog()).isZero());
	}

	/**
	 * Watches the real projection: the batches it was handed, whether they committed, and
	 * the events it was handed one at a time.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Batches {

		private static final List<List<String>> committed = new CopyOnWriteArrayList<>();

		private static final List<List<String>> rolledBack = new CopyOnWriteArrayList<>();

		private static final List<String> alone = new CopyOnWriteArrayList<>();

		static List<List<String>> committed(String idPrefix) {
			return withPrefix(committed, idPrefix);
		}

		static List<List<String>> rolledBack(String idPrefix) {
			return withPrefix(rolledBack, idPrefix);
		}

		static long handledAlone(String id) {
			return alone.stream().filter(id::equals).count();
		}

		private static List<List<String>> withPrefix(List<List<String>> batches, String idPrefix) {
			return batches.stream().filter((ids) -> ids.get(0).startsWith(idPrefix)).toList();
		}

		@Bean
		static BeanPostProcessor watchBatches() {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					return (bean instanceof BatchEventHandler projection) ? watching(projection) : bean;
				}

			};
		}

		private static EventHandler watching(BatchEventHandler projection) {
			return new BatchEventHandler() {

				@Override
				public void handle(ReceivedEvent event) {
					alone.add(event.metadata().id());
					projection.handle(event);
				}

				@Override
				public void handleAll(List<ReceivedEvent> events) {
					List<String> ids = events.stream().map((event) -> event.metadata().id()).toList();
					try {
						projection.handleAll(events);
					}
					catch (RuntimeException ex) {
						rolledBack.add(ids);
						throw ex;
					}
					committed.add(ids);
				}

			};
		}

	}

}
