package io.pulsegate.ingress.idempotency;

import java.time.Duration;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.pulsegate.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared store against a real Redis.
 */
class RedisIdempotencyStoreTests {

	private static LettuceConnectionFactory connections;

	private static RedisIdempotencyStore store;

	@BeforeAll
	static void connect() {
		TestRedis.Endpoint redis = TestRedis.get();
		connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
		connections.afterPropertiesSet();
		connections.start();
		store = new RedisIdempotencyStore(new StringRedisTemplate(connections),
				new ReactiveStringRedisTemplate(connections), JsonMapper.shared(),
				CircuitBreaker.ofDefaults("idempotency-store"));
	}

	@AfterAll
	static void disconnect() {
		connections.destroy();
	}

	@Test
	void onlyOneOfTwoClaimsWins() {
		String key = UUID.randomUUID().toString();

		IdempotencyRecord first = IdempotencyRecord.inProgress("a");

		assertThat(store.claim(key, first, Duration.ofMinutes(1))).isEmpty();
		assertThat(store.claim(key, IdempotencyRecord.inProgress("b"), Duration.ofMinutes(1))).contains(first);
	}

	@Test
	void aCompletedResultIsWhatTheNextClaimFinds() {
		String key = UUID.randomUUID().toString();
		store.claim(key, IdempotencyRecord.inProgress("a"), Duration.ofMinutes(1));

		store.complete(key, new IdempotencyRecord("a", 202, "{\"id\":\"e-1\"}"), Duration.ofMinutes(1)).join();

		assertThat(store.claim(key, IdempotencyRecord.inProgress("a"), Duration.ofMinutes(1)))
			.contains(new IdempotencyRecord("a", 202, "{\"id\":\"e-1\"}"));
	}

	@Test
	void aClaimLeftByADeadReplicaFreesItselfAfterItsTimeout() {
		String key = UUID.randomUUID().toString();
		store.claim(key, IdempotencyRecord.inProgress("a"), Duration.ofSeconds(1));

		await().atMost(Duration.ofSeconds(10))
			.until(() -> store.claim(key, IdempotencyRecord.inProgress("a"), Duration.ofMinutes(1)).isEmpty());
	}

	@Test
	void aReleasedKeyCanBeClaimedAgain() {
		String key = UUID.randomUUID().toString();
		store.claim(key, IdempotencyRecord.inProgress("a"), Duration.ofMinutes(1));

		store.release(key).join();

		assertThat(store.claim(key, IdempotencyRecord.inProgress("a"), Duration.ofMinutes(1))).isEmpty();
	}

}
