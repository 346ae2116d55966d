package io.pulsegate.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.pulsegate.testsupport.ServiceProcess;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.SubscriptionBacklog;
import io.pulsegate.testsupport.TestBroker;
import io.pulsegate.testsupport.TestDatabase;
import io.pulsegate.testsupport.TopicContents;
import org.apache.pulsar.client.api.BatcherBuilder;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer process stopped in the middle of a stream, gracefully and by a crash, then
 * started again: every event ends up applied exactly once, in order per order.
 */
class ConsumerRestartTests {

	private static final int ORDERS = 1_500;

	private static final int EVENTS = ORDERS * 2;

	private static final Duration PATIENCE = Duration.ofMinutes(3);

	private final TestBroker broker = SharedTestBroker.get();

	@Test
	void aConsumerStoppedWithSigtermResumesWithoutLossOrDoubleEffect() throws Exception {
		Run run = new Run("sigterm");
		run.publish();
		try (ServiceProcess first = run.startConsumer("consumer-sigterm-1")) {
			int appliedWhenStopped = run.awaitSomeApplied();
			assertThat(first.stop()).as("exited gracefully on SIGTERM").isTrue();
			assertThat(appliedWhenStopped).as("stopped mid-stream").isLessThan(EVENTS);
		}
		try (ServiceProcess second = run.startConsumer("consumer-sigterm-2")) {
			run.assertEveryEventAppliedExactlyOnce();
			assertThat(second.stop()).isTrue();
		}
	}

	@Test
	void aConsumerKilledMidStreamResumesWithoutLossOrDoubleEffect() throws Exception {
		Run run = new Run("sigkill");
		run.publish();
		try (ServiceProcess first = run.startConsumer("consumer-sigkill-1")) {
			int appliedWhenKilled = run.awaitSomeApplied();
			first.kill();
			assertThat(appliedWhenKilled).as("killed mid-stream").isLessThan(EVENTS);
		}
		try (ServiceProcess second = run.startConsumer("consumer-sigkill-2")) {
			run.assertEveryEventAppliedExactlyOnce();
			assertThat(second.stop()).isTrue();
		}
	}

	/** One topic, one database schema and one subscription per test. */
	private final class Run {

		private final String topic;

		private final TestDatabase.Schema database;

		Run(String name) {
			this.topic = "persistent://public/default/restart-" + name + "-" + UUID.randomUUID();
			this.database = TestDatabase.newSchema("restart_" + name);
		}

		ServiceProcess startConsumer(String name) throws Exception {
			// Batches of 500 would apply all 3,000 events before the test could stop the
			// consumer: small ones keep it mid-stream, with many transactions in flight.
			ServiceProcess consumer = ServiceProcess.start(name, Path.of(System.getProperty("pulsegate.consumer.jar")),
					Map.of("spring.pulsar.client.service-url", ConsumerRestartTests.this.broker.serviceUrl(),
							"spring.pulsar.admin.service-url", ConsumerRestartTests.this.broker.adminUrl(),
							"pulsegate.consumer.topic", this.topic, "pulsegate.consumer.concurrency", "2",
							"spring.datasource.url", this.database.jdbcUrl(), "spring.datasource.username",
							this.database.username(), "spring.datasource.password", this.database.password(),
							"spring.security.user.password", "restart-test", "pulsegate.consumer.batch.max-messages",
							"5"),
					Path.of(System.getProperty("pulsegate.logs")));
			consumer.awaitHealthy(Duration.ofMinutes(2));
			return consumer;
		}

		// Every order placed and then paid, batched by key as the ingress does.
		void publish() throws Exception {
			try (PulsarClient client = PulsarClient.builder()
				.serviceUrl(ConsumerRestartTests.this.broker.serviceUrl())
				.build();
					Producer<byte[]> producer = client.newProducer(Schema.BYTES)
						.topic(this.topic)
						.batcherBuilder(BatcherBuilder.KEY_BASED)
						.create()) {
				List<CompletableFuture<?>> sends = new ArrayList<>();
				for (int i = 0; i < ORDERS; i++) {
					String orderId = "order-" + i;
					sends.add(send(producer, orderId, "order.placed",
							"""
									{"orderId": "%s", "customerId": "c-1", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 5}],
									 "total": 5, "currency": "EUR"}"""
								.formatted(orderId)));
					sends.add(send(producer, orderId, "order.paid", """
							{"orderId": "%s", "paymentId": "p-%s", "amount": 5, "currency": "EUR"}""".formatted(orderId,
							orderId)));
				}
				CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			}
		}

		private CompletableFuture<?> send(Producer<byte[]> producer, String orderId, String type, String data) {
			return producer.newMessage()
				.key(orderId)
				.properties(Map.of("ce_specversion", "1.0", "ce_id", orderId + "/" + type, "ce_type", type, "ce_source",
						"/restart-test"))
				.eventTime(System.currentTimeMillis())
				.value(data.getBytes(StandardCharsets.UTF_8))
				.sendAsync();
		}

		int awaitSomeApplied() {
			return await().atMost(PATIENCE)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> count("SELECT count(*) FROM applied_events"), (applied) -> applied >= EVENTS / 10);
		}

		void assertEveryEventAppliedExactlyOnce() throws SQLException {
			await().atMost(PATIENCE)
				.until(() -> count("SELECT count(*) FROM orders WHERE status = 'PAID'"), (paid) -> paid == ORDERS);
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(
						SubscriptionBacklog.of(ConsumerRestartTests.this.broker, this.topic, "order-projection"))
					.isZero());
			assertThat(count("SELECT count(*) FROM applied_events")).isEqualTo(EVENTS);
			assertThat(count("SELECT count(*) FROM orders")).isEqualTo(ORDERS);
			assertThat(count("SELECT count(*) FROM orders WHERE version <> 2")).isZero();
			assertThat(TopicContents.readAll(ConsumerRestartTests.this.broker, this.topic + "-order-projection-DLQ"))
				.isEmpty();
		}

		private int count(String sql) throws SQLException {
			try (Connection connection = this.database.connect();
					Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery(sql)) {
				rows.next();
				return rows.getInt(1);
			}
		}

	}

}
