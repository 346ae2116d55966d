package io.pulsegate.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.pulsegate.testsupport.ServiceProcess;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.SubscriptionBacklog;
import io.pulsegate.testsupport.TestBroker;
import io.pulsegate.testsupport.TestDatabase;
import io.pulsegate.testsupport.TopicContents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton as it ships: the ingress and a consumer run from their executable
 * jars as separate processes against a real broker, and an event goes through both.
 */
class EndToEndTests {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

	private static final String TOPIC = "persistent://public/default/e2e-" + UUID.randomUUID();

	private static final String SUBSCRIPTION = "e2e";

	private static final String API_KEY = "end-to-end-test-key";

	private static final TestBroker broker = SharedTestBroker.get();

	private static final TestDatabase.Schema database = TestDatabase.newSchema("e2e");

	private static ServiceProcess ingress;

	private static ServiceProcess consumer;

	@BeforeAll
	static void startServices() throws Exception {
		consumer = Services.startConsumer("consumer", broker, TOPIC, database,
				Map.of("pulsegate.consumer.subscription", SUBSCRIPTION));
		ingress = Services.startIngress("ingress", broker, TOPIC, API_KEY, Map.of());
		consumer.awaitHealthy(START_TIMEOUT);
		ingress.awaitHealthy(START_TIMEOUT);
	}

	@AfterAll
	static void stopServices() {
		boolean ingressStoppedGracefully = (ingress == null) || ingress.stop();
		boolean consumerStoppedGracefully = (consumer == null) || consumer.stop();
		assertThat(ingressStoppedGracefully).as("ingress stopped on SIGTERM").isTrue();
		assertThat(consumerStoppedGracefully).as("consumer stopped on SIGTERM").isTrue();
	}

	@Test
	void anEventPostedToTheIngressIsHandledAndAcknowledgedByTheConsumer() throws Exception {
		HttpResponse<String> response = post("""
				{"type": "order.placed", "data": {"orderId": "order-7", "customerId": "c-1",
				 "lines": [{"sku": "BOOK-1", "quantity": 1, "unitPrice": 9.9}], "total": 9.9, "currency": "EUR"}}""",
				Map.of());

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.body()).contains("\"topic\":\"" + TOPIC + "\"").contains("\"messageId\":");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(consumer.get("/actuator/prometheus")).containsPattern(
					"pulsegate_consumer_events_processed_total\\{subscription=\"e2e\",type=\"order.placed\"} [1-9]"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(SubscriptionBacklog.of(broker, TOPIC, SUBSCRIPTION)).isZero());
		try (Connection connection = database.connect();
				ResultSet order = connection.createStatement()
					.executeQuery("SELECT status, total FROM orders WHERE order_id = 'order-7'")) {
			assertThat(order.next()).as("order-7 projected").isTrue();
			assertThat(order.getString("status")).isEqualTo("PLACED");
			assertThat(order.getBigDecimal("total")).isEqualByComparingTo("9.9");
		}
	}

	@Test
	void theCallersTraceContinuesThroughTheBrokerIntoTheConsumerAndItsLogs() throws Exception {
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String traceparent = "00-" + traceId + "-00f067aa0ba902b7-01";
		for (String eventId : new String[] { "traced-1", "traced-2" }) {
			// The second placement of the same order is rejected and dead-lettered,
			// with a warning in the consumer's log.
			HttpResponse<String> response = post("""
					{"id": "%s", "type": "order.placed", "data": {"orderId": "order-traced", "customerId": "c-1",
					 "lines": [{"sku": "BOOK-1", "quantity": 1, "unitPrice": 5}], "total": 5, "currency": "EUR"}}"""
				.formatted(eventId), Map.of("traceparent", traceparent));
			assertThat(response.statusCode()).isEqualTo(202);
		}

		assertThat(TopicContents.readAll(broker, TOPIC)
			.stream()
			.filter((message) -> "order-traced".equals(message.getKey()))).hasSize(2)
			.allSatisfy((message) -> assertThat(message.getProperty("traceparent")).startsWith("00-" + traceId + "-"));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			try (Connection connection = database.connect();
					ResultSet audit = connection.createStatement()
						.executeQuery("SELECT trace_id FROM audit_log WHERE event_key = 'order-traced'")) {
				assertThat(audit.next()).isTrue();
				assertThat(audit.getString("trace_id")).isEqualTo(traceId);
				assertThat(audit.next()).isTrue();
				assertThat(audit.getString("trace_id")).isEqualTo(traceId);
			}
		});
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(Files.readAllLines(consumer.logFile()))
				.anySatisfy((line) -> assertThat(line).contains("Dead-lettered").contains(traceId)));
	}

	private static HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ingress.url() + "/send"))
			.header("Content-Type", "application/json")
			.header("X-API-Key", API_KEY)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(request::header);
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
