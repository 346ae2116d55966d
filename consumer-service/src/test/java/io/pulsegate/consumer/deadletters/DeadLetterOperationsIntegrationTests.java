package io.pulsegate.consumer.deadletters;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.pulsegate.consumer.TestEvents;
import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.TestDatabaseConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.pulsegate.consumer.TestEvents.metadata;
import static io.pulsegate.consumer.TestEvents.paid;
import static io.pulsegate.consumer.TestEvents.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters listed, inspected, replayed and discarded over the admin API, against the
 * real broker and database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pulsegate.consumer.subscription=dead-letters-it", "pulsegate.consumer.max-deliveries=2",
				"pulsegate.consumer.audit-subscription=audit-dead-letters-it",
				"pulsegate.consumer.redelivery.min-delay=100ms", "pulsegate.consumer.redelivery.max-delay=200ms",
				"spring.security.user.password=" + DeadLetterOperationsIntegrationTests.PASSWORD })
@Import({ SharedBrokerConfiguration.class, TestDatabaseConfiguration.class })
class DeadLetterOperationsIntegrationTests {

	static final String PASSWORD = "dead-letter-admin-password";

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	static final TestEvents events = TestEvents.onNewTopic("dead-letters-it");

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@DynamicPropertySource
	static void uniqueTopic(DynamicPropertyRegistry registry) {
		registry.add("pulsegate.consumer.topic", events::topic);
	}

	@Test
	void aLetterIsListedInspectedAndReplayedOnceItsCauseIsFixed() throws Exception {
		// Paid before it was ever placed: retried, then dead-lettered.
		events.publish(metadata("replay-paid", "order.paid", "order-replay"), paid("order-replay", "19.0"));
		JsonNode letter = awaitPendingLetter("replay-paid");
		assertThat(letter.get("reason").asString()).contains("has not been placed");
		assertThat(letter.get("attempts").asInt()).isEqualTo(2);
		assertThat(letter.get("key").asString()).isEqualTo("order-replay");
		String id = letter.get("id").asString();

		JsonNode detail = json.readTree(call("GET", "/admin/dead-letters/" + id, 200));
		assertThat(json.readTree(detail.get("data").asString())).isEqualTo(json.readTree(paid("order-replay", "19.0")));
		assertThat(detail.get("properties").get("ce_type").asString()).isEqualTo("order.paid");

		events.publish(metadata("replay-placed", "order.placed", "order-replay"), placed("order-replay"));
		await().atMost(PATIENCE).until(() -> status("order-replay").equals("PLACED"));
		JsonNode replayed = json.readTree(call("POST", "/admin/dead-letters/" + id + "/replay", 200));

		assertThat(replayed.get("letters").get(0).get("eventId").asString()).isEqualTo("replay-paid");
		await().atMost(PATIENCE).until(() -> status("order-replay").equals("PAID"));
		assertThat(eventIds(pending())).doesNotContain("replay-paid");
		assertThat(call("POST", "/admin/dead-letters/" + id + "/replay", 404)).contains("No pending dead letter");
	}

	@Test
	void aReplayedLetterWhoseEventWasAppliedAlreadyChangesNothing() throws Exception {
		events.publish(metadata("applied-1", "order.placed", "order-applied"), placed("order-applied"));
		await().atMost(PATIENCE).until(() -> status("order-applied").equals("PLACED"));
		// As if an earlier delivery had been dead-lettered after its transaction
		// committed.
		try (TestEvents letters = new TestEvents(events.topic() + "-dead-letters-it-DLQ")) {
			letters.publishRaw(Map.of("ce_specversion", "1.0", "ce_id", "applied-1", "ce_type", "order.placed",
					"ce_source", "/test", DeadLetters.REASON, "acknowledgement lost"), placed("order-applied"));
		}
		awaitPendingLetter("applied-1");

		JsonNode replayed = json.readTree(call("POST", "/admin/dead-letters/replay?limit=1000", 200));

		assertThat(eventIds(replayed.get("letters"))).contains("applied-1");
		await().atMost(PATIENCE)
			.until(() -> this.jdbc.sql("SELECT count(*) FROM audit_log WHERE event_id = 'applied-1'")
				.query(Integer.class)
				.single() == 2);
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventIds(pending())).doesNotContain("applied-1"));
		assertThat(this.jdbc.sql("SELECT version FROM orders WHERE order_id = 'order-applied'")
			.query(Integer.class)
			.single()).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM applied_events WHERE event_id = 'applied-1'")
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void aLetterCanBeDiscarded() throws Exception {
		events.publishRaw(Map.of("ce_id", "discard-me"), "not an event at all");
		String id = awaitPendingLetter("discard-me").get("id").asString();
		assertThat(json.readTree(call("GET", "/admin/dead-letters/" + id, 200)).get("data").asString())
			.isEqualTo("not an event at all");

		call("DELETE", "/admin/dead-letters/" + id, 200);

		assertThat(eventIds(pending())).doesNotContain("discard-me");
		call("GET", "/admin/dead-letters/" + id, 404);
	}

	@Test
	void theOperationsNeedTheAdminsCredentials() throws Exception {
		HttpResponse<String> anonymous = http.send(
				HttpRequest.newBuilder(URI.create(url("/admin/dead-letters"))).build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> wrongPassword = http.send(HttpRequest.newBuilder(URI.create(url("/admin/dead-letters")))
			.header("Authorization", basic("admin", "guess"))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(wrongPassword.statusCode()).isEqualTo(401);
		assertThat(call("GET", "/admin/dead-letters?limit=0", 400)).contains("limit");
	}

	private JsonNode awaitPendingLetter(String eventId) {
		return await().atMost(PATIENCE).until(() -> {
			for (JsonNode letter : pending()) {
				if (letter.has("eventId") && eventId.equals(letter.get("eventId").asString())) {
					return letter;
				}
			}
			return null;
		}, (letter) -> letter != null);
	}

	private JsonNode pending() throws Exception {
		return json.readTree(call("GET", "/admin/dead-letters?limit=200", 200)).get("letters");
	}

	private static List<String> eventIds(JsonNode letters) {
		return letters.valueStream()
			.filter((letter) -> letter.has("eventId"))
			.map((letter) -> letter.get("eventId").asString())
			.toList();
	}

	private String status(String orderId) {
		return this.jdbc.sql("SELECT status FROM orders WHERE order_id = ?")
			.param(orderId)
			.query(String.class)
			.optional()
			.orElse("");
	}

	private String call(String method, String path, int expectedStatus) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(path)))
			.header("Authorization", basic("admin", PASSWORD))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expectedStatus);
		return response.body();
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
