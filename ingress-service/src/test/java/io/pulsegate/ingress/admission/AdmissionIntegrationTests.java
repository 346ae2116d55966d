package io.pulsegate.ingress.admission;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.ingress.send.IngressProperties;
import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.TopicContents;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Load shedding against a running ingress and a real broker. Requests whose bodies the
 * test holds back keep their places, so the limit is reached exactly when the test says:
 * bodies are not awaited before admission here, as behind a proxy that buffers them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "pulsegate.ingress.routes[0].topic=persistent://public/default/admission-it-${random.uuid}",
				"pulsegate.ingress.routes[0].types[0]=order.placed", "pulsegate.ingress.admission.retry-after=3s",
				"pulsegate.ingress.admission.send.initial-limit=2", "pulsegate.ingress.admission.send.min-limit=2",
				"pulsegate.ingress.admission.send.max-limit=2", "pulsegate.ingress.admission.send.latency-target=1m",
				"pulsegate.ingress.body-arrival.enabled=false" })
@Import(SharedBrokerConfiguration.class)
class AdmissionIntegrationTests {

	static final String API_KEY = "public-tenant-test-key";

	// HTTP/1.1: a held request has a connection of its own.
	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@Autowired
	IngressProperties ingress;

	@Autowired
	MeterRegistry meters;

	@Test
	void atItsLimitTheIngressShedsANewRequestAtOnceWith429AndRetryAfterAndKeepsTheConnection() throws Exception {
		double shedBefore = shedCount();
		HeldRequest first = hold("order-1");
		HeldRequest second = hold("order-2");
		awaitInFlight("send", 2);

		HttpResponse<String> shed = send("order-3");

		assertThat(shed.statusCode()).isEqualTo(429);
		assertThat(shed.headers().firstValue("Retry-After")).hasValue("3");
		assertThat(shed.headers().allValues("Connection")).doesNotContain("close");
		assertThat(shed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JsonMapper.shared().readTree(shed.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:pulsegate:problem:overloaded");
		assertThat(problem.get("status").asInt()).isEqualTo(429);
		assertThat(problem.get("instance").asString()).isEqualTo("/send");
		assertThat(shedCount()).isEqualTo(shedBefore + 1);

		assertThat(first.release().statusCode()).isEqualTo(202);
		assertThat(second.release().statusCode()).isEqualTo(202);
		assertThat(send("order-4").statusCode()).isEqualTo(202);
		// Admitted requests are observed; a shed one is answered before any observation
		// starts, and only counted as shed.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(
					this.meters.find("http.server.requests").tags("uri", "/send", "status", "202").timer())
				.isNotNull());
		assertThat(this.meters.find("http.server.requests").tags("status", "429").timer()).isNull();
		assertThat(TopicContents.readAll(SharedTestBroker.get(), this.ingress.routes().get(0).topic()))
			.extracting((message) -> message.getKey())
			.contains("order-1", "order-2", "order-4")
			.doesNotContain("order-3");
	}

	@Test
	void aFullSendEndpointDoesNotShedBatches() throws Exception {
		HeldRequest first = hold("order-10");
		HeldRequest second = hold("order-11");
		awaitInFlight("send", 2);

		HttpResponse<String> batch = this.client.send(request("/send/batch")
			.POST(HttpRequest.BodyPublishers.ofString("{\"events\": [" + placed("order-12") + "]}"))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(batch.statusCode()).isEqualTo(202);
		first.release();
		second.release();
	}

	@Test
	void aShedRequestIsAnsweredBeforeItsCredentialsAreLookedAt() throws Exception {
		HeldRequest first = hold("order-20");
		HeldRequest second = hold("order-21");
		awaitInFlight("send", 2);

		HttpResponse<String> shed = this.client.send(HttpRequest.newBuilder(HeldRequest.uri(this.port, "/send"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(placed("order-22")))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(shed.statusCode()).isEqualTo(429);
		first.release();
		second.release();
	}

	HeldRequest hold(String orderId) {
		return HeldRequest.start(this.client, request("/send"), placed(orderId));
	}

	HttpResponse<String> send(String orderId) throws Exception {
		return this.client.send(request("/send").POST(HttpRequest.BodyPublishers.ofString(placed(orderId))).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(HeldRequest.uri(this.port, path))
			.header("Content-Type", "application/json")
			.header("X-API-Key", API_KEY)
			.timeout(Duration.ofSeconds(30));
	}

	double shedCount() {
		return this.meters.get("pulsegate.ingress.admission.shed").tag("endpoint", "send").counter().count();
	}

	void awaitInFlight(String endpoint, int requests) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.meters.get("pulsegate.ingress.admission.in.flight")
				.tag("endpoint", endpoint)
				.gauge()
				.value(), (value) -> value == requests);
	}

	static String placed(String orderId) {
		return """
				{"type": "order.placed", "key": "%s", "data": {"orderId": "%s", "customerId": "c-1",
				 "lines": [{"sku": "BOOK-1", "quantity": 2, "unitPrice": 12.5}], "total": 25.0, "currency": "EUR"}}"""
			.formatted(orderId, orderId);
	}

	/**
	 * A request that takes longer than the latency target shrinks the limit, so that the
	 * ingress takes less work at once while it is slow.
	 */
	@Nested
	@TestPropertySource(properties = { "pulsegate.ingress.admission.send.initial-limit=20",
			"pulsegate.ingress.admission.send.min-limit=1", "pulsegate.ingress.admission.send.max-limit=20",
			"pulsegate.ingress.admission.send.latency-target=1ns" })
	class OverItsLatencyTarget {

		@Test
		void aRequestShrinksTheLimitByATenth() throws Exception {
			assertThat(send("order-30").statusCode()).isEqualTo(202);

			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(limit("send")).isEqualTo(18));
			assertThat(limit("batch")).isEqualTo(8);
		}

		double limit(String endpoint) {
			return AdmissionIntegrationTests.this.meters.get("pulsegate.ingress.admission.limit")
				.tag("endpoint", endpoint)
				.gauge()
				.value();
		}

	}

}
