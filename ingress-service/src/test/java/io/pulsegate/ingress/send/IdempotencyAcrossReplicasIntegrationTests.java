package io.pulsegate.ingress.send;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulsegate.ingress.IngressApplication;
import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.TestBroker;
import io.pulsegate.testsupport.TestRedis;
import io.pulsegate.testsupport.TopicContents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two ingress replicas sharing a real Redis: a retry that reaches the other replica gets
 * the first answer and publishes nothing, as the topic read back shows.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(SharedBrokerConfiguration.class)
class IdempotencyAcrossReplicasIntegrationTests {

	private static final String TOPIC = "persistent://public/default/idempotency-" + UUID.randomUUID();

	private static ConfigurableApplicationContext otherReplica;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void sharedStore(DynamicPropertyRegistry registry) {
		properties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@BeforeAll
	static void startOtherReplica() {
		TestBroker broker = SharedTestBroker.get();
		List<String> arguments = new ArrayList<>(
				List.of("--server.port=0", "--spring.pulsar.client.service-url=" + broker.serviceUrl(),
						"--spring.pulsar.admin.service-url=" + broker.adminUrl()));
		properties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
		otherReplica = new SpringApplicationBuilder(IngressApplication.class).run(arguments.toArray(String[]::new));
	}

	@AfterAll
	static void stopOtherReplica() {
		otherReplica.close();
	}

	@Test
	void aRetryOnTheOtherReplicaGetsTheFirstAnswerAndPublishesNothing() throws Exception {
		String key = UUID.randomUUID().toString();
		String event = OrderJson.placed("order-70");

		HttpResponse<String> first = HttpJson.post(url(this.port), "application/json", Map.of("Idempotency-Key", key),
				event);
		HttpResponse<String> retry = HttpJson.post(url(otherPort()), "application/json", Map.of("Idempotency-Key", key),
				event);

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(retry.statusCode()).isEqualTo(202);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(HttpJson.body(retry)).isEqualTo(HttpJson.body(first));
		String id = HttpJson.body(first).get("id").asString();
		assertThat(TopicContents.readAll(SharedTestBroker.get(), TOPIC))
			.filteredOn((message) -> id.equals(message.getProperty("ce_id")))
			.hasSize(1);
	}

	@Test
	void anEventSentAgainWithTheSameIdIsPublishedOnce() throws Exception {
		String id = "evt-" + UUID.randomUUID();
		String event = OrderJson.placed("order-71").replaceFirst("\\{", "{\"id\": \"" + id + "\", ");

		assertThat(HttpJson.post(url(otherPort()), event).statusCode()).isEqualTo(202);
		assertThat(HttpJson.post(url(this.port), event).statusCode()).isEqualTo(202);

		assertThat(TopicContents.readAll(SharedTestBroker.get(), TOPIC))
			.filteredOn((message) -> id.equals(message.getProperty("ce_id")))
			.hasSize(1);
	}

	private static Map<String, String> properties() {
		TestRedis.Endpoint redis = TestRedis.get();
		return Map.of("pulsegate.ingress.idempotency.store", "redis", "spring.data.redis.host", redis.host(),
				"spring.data.redis.port", Integer.toString(redis.port()), "pulsegate.ingress.routes[0].topic", TOPIC,
				"pulsegate.ingress.routes[0].types[0]", "order.placed");
	}

	private static int otherPort() {
		return ((WebServerApplicationContext) otherReplica).getWebServer().getPort();
	}

	private static String url(int port) {
		return "http://127.0.0.1:" + port + "/send";
	}

}
