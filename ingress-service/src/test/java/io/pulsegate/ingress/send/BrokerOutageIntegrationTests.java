package io.pulsegate.ingress.send;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

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
 * Stops a broker of its own under a running ingress: the ingress must answer 503 within
 * its publish timeout, never hang, and publish again once the broker is back.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "pulsegate.ingress.publish-timeout=2s",
				"pulsegate.ingress.routes[0].topic=persistent://public/default/outage-used",
				"pulsegate.ingress.routes[0].types[0]=order.placed",
				"pulsegate.ingress.routes[1].topic=persistent://public/default/outage-unused",
				"pulsegate.ingress.routes[1].types[0]=order.paid" })
@DirtiesContext
class BrokerOutageIntegrationTests {

	private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);

	// Response time on top of the publish timeout: request handling and the response.
	private static final Duration MARGIN = Duration.ofMillis(1500);

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
	void answers503WithinTheTimeoutWhileTheBrokerIsDownAndRecoversWhenItIsBack() throws Exception {
		assertThat(send("order.placed").statusCode()).isEqualTo(202);

		broker.stop();

		assertUnavailableWithinTimeout("order.placed");
		assertUnavailableWithinTimeout("order.paid");

		broker.restart();

		await().atMost(Duration.ofSeconds(90))
			.untilAsserted(() -> assertThat(send("order.placed").statusCode()).isEqualTo(202));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(send("order.paid").statusCode()).isEqualTo(202));
	}

	private void assertUnavailableWithinTimeout(String type) throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = send(type);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(HttpJson.body(response).get("type").asString())
			.isEqualTo("urn:pulsegate:problem:broker-unavailable");
		assertThat(elapsed).isLessThan(PUBLISH_TIMEOUT.plus(MARGIN));
	}

	private HttpResponse<String> send(String type) throws Exception {
		String body = type.equals("order.placed") ? OrderJson.placed("o-1") : OrderJson.paid("o-1");
		return HttpJson.post("http://127.0.0.1:" + this.port + "/send", body);
	}

}
