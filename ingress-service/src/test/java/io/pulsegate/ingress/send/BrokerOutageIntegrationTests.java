package io.pulsegate.ingress.send;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.pulsegate.testsupport.LocalTestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stops a broker of its own under a running ingress. While it is down the ingress answers
 * 503 within its publish timeout and never hangs, refuses what does not fit its bulkhead
 * at once, opens its circuit so that further requests fail fast, and reports itself not
 * ready. Once the broker is back, all of that undoes itself.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "pulsegate.ingress.publish-timeout=2s", "pulsegate.broker-check-interval=500ms",
				"pulsegate.ingress.routes[0].topic=persistent://public/default/outage-used",
				"pulsegate.ingress.routes[0].types[0]=order.placed",
				"pulsegate.ingress.routes[1].topic=persistent://public/default/outage-unused",
				"pulsegate.ingress.routes[1].types[0]=order.paid",
				"resilience4j.bulkhead.instances.publish.max-concurrent-calls=1",
				"resilience4j.circuitbreaker.instances.broker.minimum-number-of-calls=2",
				"resilience4j.circuitbreaker.instances.broker.sliding-window-size=2",
				"resilience4j.circuitbreaker.instances.broker.wait-duration-in-open-state=2s",
				"resilience4j.circuitbreaker.instances.broker.permitted-number-of-calls-in-half-open-state=1" })
@DirtiesContext
class BrokerOutageIntegrationTests {

	private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);

	// Response time on top of the publish timeout: request handling and the response.
	private static final Duration MARGIN = Duration.ofMillis(1500);

	private static final Duration FAST = Duration.ofMillis(500);

	private static final HttpClient http = HttpClient.newHttpClient();

	private static LocalTestBroker broker;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void brokerOfItsOwn(DynamicPropertyRegistry registry) throws IOException {
		broker = LocalTestBroker.start();
		registry.add("spring.pulsar.client.service-url", broker::serviceUrl);
		registry.add("spring.pulsar.admin.service-url", broker::adminUrl);
	}

	@AfterAll
	static void stopBroker() {
		broker.close();
	}

	@Test
	void failsFastAndCleanlyWhileTheBrokerIsDownAndRecoversByItself() throws Exception {
		assertThat(send("order.placed").statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(10)).until(() -> readiness() == 200);

		broker.stop();

		// One publish may wait for the broker; the others do not fit the bulkhead.
		List<CompletableFuture<HttpResponse<String>>> concurrent = List.of(sendAsync("order.placed"),
				sendAsync("order.placed"), sendAsync("order.placed"));
		List<String> problems = concurrent.stream().map(CompletableFuture::join).map((response) -> {
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).isPresent();
			return HttpJson.body(response).get("type").asString();
		}).toList();
		assertThat(problems).containsExactlyInAnyOrder("urn:pulsegate:problem:broker-unavailable",
				"urn:pulsegate:problem:overloaded", "urn:pulsegate:problem:overloaded");

		// A publish that needs a new producer fails within the timeout too, and opens the
		// circuit.
		assertUnavailableWithin("order.paid", PUBLISH_TIMEOUT.plus(MARGIN));
		assertUnavailableWithin("order.placed", FAST);
		await().atMost(Duration.ofSeconds(10)).until(() -> readiness() == 503);

		broker.restart();

		await().atMost(Duration.ofSeconds(90))
			.untilAsserted(() -> assertThat(send("order.placed").statusCode()).isEqualTo(202));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(send("order.paid").statusCode()).isEqualTo(202));
		await().atMost(Duration.ofSeconds(10)).until(() -> readiness() == 200);
	}

	private void assertUnavailableWithin(String type, Duration limit) throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = send(type);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(HttpJson.body(response).get("type").asString())
			.isEqualTo("urn:pulsegate:problem:broker-unavailable");
		assertThat(elapsed).isLessThan(limit);
	}

	private HttpResponse<String> send(String type) throws Exception {
		return HttpJson.post(url("/send"), body(type));
	}

	private CompletableFuture<HttpResponse<String>> sendAsync(String type) {
		return http.sendAsync(HttpRequest.newBuilder(URI.create(url("/send")))
			.header("Content-Type", "application/json")
			.header("X-API-Key", HttpJson.PUBLIC_KEY)
			.POST(HttpRequest.BodyPublishers.ofString(body(type)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private int readiness() throws Exception {
		return http
			.send(HttpRequest.newBuilder(URI.create(url("/actuator/health/readiness"))).build(),
					HttpResponse.BodyHandlers.ofString())
			.statusCode();
	}

	private static String body(String type) {
		return type.equals("order.placed") ? OrderJson.placed("o-1") : OrderJson.paid("o-1");
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
