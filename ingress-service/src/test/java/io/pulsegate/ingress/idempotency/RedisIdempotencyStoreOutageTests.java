package io.pulsegate.ingress.idempotency;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.pulsegate.testsupport.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The shared store against a real Redis of the test's own that hangs (frozen with
 * SIGSTOP): claims fail as unavailable within the command timeout, and after repeated
 * failures without asking Redis; results are sent without waiting, so that the thread
 * storing them (the Pulsar client's) is never held.
 */
class RedisIdempotencyStoreOutageTests {

	private static final IdempotencyRecord RESULT = new IdempotencyRecord("a", 202, "{\"id\":\"e-1\"}");

	private static RedisServerProcess redis;

	private static LettuceConnectionFactory quickToGiveUp;

	private static LettuceConnectionFactory patient;

	@BeforeAll
	static void startRedis() {
		redis = RedisServerProcess.start();
		quickToGiveUp = connect(Duration.ofMillis(500));
		patient = connect(Duration.ofSeconds(30));
	}

	@AfterEach
	void thaw() {
		redis.thaw();
	}

	@AfterAll
	static void stopRedis() {
		quickToGiveUp.destroy();
		patient.destroy();
		redis.close();
	}

	@Test
	void aClaimWhileRedisHangsFailsAsUnavailable() {
		RedisIdempotencyStore store = store(quickToGiveUp);
		redis.freeze();

		assertThatExceptionOfType(IdempotencyStoreUnavailableException.class).isThrownBy(() -> claimAnyKey(store));
	}

	@Test
	void aResultSentWhileRedisHangsIsStoredOnceItAnswersAgain() {
		RedisIdempotencyStore store = store(patient);
		String key = claimAnyKey(store);
		redis.freeze();

		CompletableFuture<Void> stored = store.complete(key, RESULT, Duration.ofMinutes(1));

		assertThat(stored).as("the call returned without waiting for Redis").isNotDone();
		redis.thaw();
		await().atMost(Duration.ofSeconds(20)).until(stored::isDone);
		assertThat(stored).isCompleted();
		assertThat(store.claim(key, IdempotencyRecord.inProgress("a"), Duration.ofMinutes(1))).contains(RESULT);
	}

	@Test
	void aResultRedisNeverTakesFailsAfterTheCommandTimeout() {
		RedisIdempotencyStore store = store(quickToGiveUp);
		String key = claimAnyKey(store);
		redis.freeze();

		CompletableFuture<Void> stored = store.complete(key, RESULT, Duration.ofMinutes(1));
		CompletableFuture<Void> released = store.release(key);

		assertThat(stored).isNotDone();
		await().atMost(Duration.ofSeconds(20)).until(() -> stored.isDone() && released.isDone());
		assertThat(stored).isCompletedExceptionally();
		assertThat(released).isCompletedExceptionally();
	}

	@Test
	void aClaimThatTimedOutIsTakenBackOnceRedisAnswersAgainThoughRedisHadNeverSeenTheScript() {
		StringRedisTemplate sameConnection = new StringRedisTemplate(quickToGiveUp);
		sameConnection.execute((RedisCallback<Void>) (connection) -> {
			connection.scriptingCommands().scriptFlush();
			return null;
		});
		RedisIdempotencyStore store = store(quickToGiveUp);
		String key = UUID.randomUUID().toString();
		redis.freeze();
		assertThatExceptionOfType(IdempotencyStoreUnavailableException.class)
			.isThrownBy(() -> store.claim(key, IdempotencyRecord.inProgress("a"), Duration.ofMinutes(1)));
		// Two more command timeouts: the take-back sent after the claim gets no answer in
		// time either.
		for (int attempt = 0; attempt < 2; attempt++) {
			assertThatExceptionOfType(IdempotencyStoreUnavailableException.class).isThrownBy(() -> claimAnyKey(store));
		}

		redis.thaw();

		// Behind the claim on its connection: Redis has applied the claim by now.
		sameConnection.hasKey("pulsegate:idempotency:" + key);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> store.claim(key, IdempotencyRecord.inProgress("b"), Duration.ofMinutes(1)).isEmpty());
	}

	@Test
	void afterRepeatedFailuresClaimsAreRefusedWithoutAskingRedis() {
		CircuitBreaker circuitBreaker = CircuitBreaker.of("idempotency-store",
				CircuitBreakerConfig.custom()
					.slidingWindowSize(2)
					.minimumNumberOfCalls(2)
					.waitDurationInOpenState(Duration.ofMinutes(1))
					.build());
		RedisIdempotencyStore store = store(quickToGiveUp, circuitBreaker);
		redis.freeze();
		for (int attempt = 0; attempt < 2; attempt++) {
			assertThatExceptionOfType(IdempotencyStoreUnavailableException.class).isThrownBy(() -> claimAnyKey(store))
				.withMessageContaining("did not answer");
		}

		assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThatExceptionOfType(IdempotencyStoreUnavailableException.class).isThrownBy(() -> claimAnyKey(store))
			.withMessageContaining("circuit breaker");
		assertThat(circuitBreaker.getMetrics().getNumberOfNotPermittedCalls()).isOne();
	}

	private static String claimAnyKey(RedisIdempotencyStore store) {
		String key = UUID.randomUUID().toString();
		store.claim(key, IdempotencyRecord.inProgress("a"), Duration.ofMinutes(1));
		return key;
	}

	private static RedisIdempotencyStore store(LettuceConnectionFactory connections) {
		return store(connections, CircuitBreaker.ofDefaults("idempotency-store"));
	}

	private static RedisIdempotencyStore store(LettuceConnectionFactory connections, CircuitBreaker circuitBreaker) {
		return new RedisIdempotencyStore(new StringRedisTemplate(connections),
				new ReactiveStringRedisTemplate(connections), JsonMapper.shared(), circuitBreaker);
	}

	private static LettuceConnectionFactory connect(Duration commandTimeout) {
		LettuceConnectionFactory connections = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.endpoint().host(), redis.endpoint().port()),
				LettuceClientConfiguration.builder().commandTimeout(commandTimeout).build());
		connections.afterPropertiesSet();
		connections.start();
		return connections;
	}

}
