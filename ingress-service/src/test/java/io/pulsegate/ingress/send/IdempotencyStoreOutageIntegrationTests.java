package io.pulsegate.ingress.send;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.pulsegate.testsupport.RedisServerProcess;
import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.TopicContents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An ingress whose shared idempotency store, a Redis of the test's own, hangs (frozen
 * with SIGSTOP). A request with an idempotency key cannot be told from a retry then: it
 * gets 503 with {@code Retry-After} within the Redis timeout and is not published, while
 * requests without a key are published as usual. Once Redis answers again, the client's
 * retry with the same key is published, once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.data.redis.timeout=500ms",
				"resilience4j.circuitbreaker.instances.idempotency-store.minimum-number-of-calls=2",
				"resilience4j.circuitbreaker.instances.idempotency-store.sliding-window-size=2",
				"resilience4j.circuitbreaker.instances.idempotency-store.wait-duration-in-open-state=1s" })
@Import(SharedBrokerConfiguration.class)
@DirtiesContext
class IdempotencyStoreOutageIntegrationTests {

	private static final String TOPIC = "persistent://public/default/idempotency-outage-" + UUID.randomUUID();

	private static RedisServerProcess redis;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void redisOfItsOwn(DynamicPropertyRegistry registry) {
		redis = RedisServerProcess.start();
		registry.add("pulsegate.ingress.idempotency.store", () -> "redis");
		registry.add("spring.data.redis.host", () -> redis.endpoint().host());
		registry.add("spring.data.redis.port", () -> redis.endpoint().port());
		registry.add("pulsegate.ingress.routes[0].topic", () -> TOPIC);
		registry.add("pulsegate.ingress.routes[0].types[0]", () -> "order.placed");
	}

	@AfterEach
	void thaw() {
		redis.thaw();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void whileRedisHangsARequestWithAKeyIsRefusedAndItsRetryIsPublishedOnceRedisIsBack() throws Exception {
		String key = UUID.randomUUID().toString();
		String event = OrderJson.placed("order-80");
		// Connected before it hangs, so that the refused request's claim reaches Redis.
		assertThat(send(UUID.randomUUID().toString(), OrderJson.placed("order-79")).statusCode()).isEqualTo(202);
		redis.freeze();

		HttpResponse<String> refused = send(key, event);
		HttpResponse<String> withoutKey = HttpJson.post(url(), OrderJson.placed("order-81"));
		redis.thaw();
		// Retried as a client does, past 503s while the circuit breaker waits: the
		// refused attempt's claim, applied late by Redis, is taken back long before it
		// would expire (claim-timeout, 30 s).
		AtomicReference<HttpResponse<String>> retry = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			retry.set(send(key, event));
			return retry.get().statusCode() == 202;
		});

		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(HttpJson.body(refused).get("type").asString())
			.isEqualTo("urn:pulsegate:problem:idempotency-store-unavailable");
		assertThat(withoutKey.statusCode()).isEqualTo(202);
		assertThat(retry.get().headers().firstValue("Idempotent-Replayed")).isEmpty();
		String id = HttpJson.body(retry.get()).get("id").asString();
		assertThat(TopicContents.readAll(SharedTestBroker.get(), TOPIC))
			.filteredOn((message) -> id.equals(message.getProperty("ce_id")))
			.hasSize(1);
	}

	private HttpResponse<String> send(String key, String event) throws Exception {
		return HttpJson.post(url(), "application/json", Map.of("Idempotency-Key", key), event);
	}

	private String url() {
		return "http://127.0.0.1:" + this.port + "/send";
	}

}
