package io.pulsegate.ingress.idempotency;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Results kept in Redis, so that a retry is recognised whichever replica it reaches. A
 * key is claimed with {@code SET NX PX}: of two replicas racing, exactly one wins.
 * <p>
 * Claims wait for Redis on the request's thread, at most
 * {@code spring.data.redis.timeout}; after repeated failures the
 * {@code idempotency-store} circuit breaker refuses them at once for a while, so that a
 * Redis that hangs does not hold a thread per request. Results and releases are sent
 * without waiting (Lettuce's asynchronous commands): they are stored from the Pulsar
 * client's I/O thread, and a Redis that hangs must not stop it from bringing every other
 * publish's acknowledgement.
 */
final class RedisIdempotencyStore implements IdempotencyStore {

	static final String CIRCUIT_BREAKER = "idempotency-store";

	private static final String PREFIX = "pulsegate:idempotency:";

	private static final byte[] DELETE_IF_UNCHANGED = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"
		.getBytes(StandardCharsets.UTF_8);

	private final StringRedisTemplate redis;

	private final ReactiveStringRedisTemplate asyncRedis;

	private final JsonMapper jsonMapper;

	private final CircuitBreaker circuitBreaker;

	RedisIdempotencyStore(StringRedisTemplate redis, ReactiveStringRedisTemplate asyncRedis, JsonMapper jsonMapper,
			CircuitBreaker circuitBreaker) {
		this.redis = redis;
		this.asyncRedis = asyncRedis;
		this.jsonMapper = jsonMapper;
		this.circuitBreaker = circuitBreaker;
	}

	@Override
	public Optional<IdempotencyRecord> claim(String key, IdempotencyRecord claim, Duration ttl) {
		String value = write(claim);
		try {
			return this.circuitBreaker.executeSupplier(() -> claim(key, value, claim, ttl));
		}
		catch (CallNotPermittedException ex) {
			throw new IdempotencyStoreUnavailableException(
					"Redis failed recently, so the circuit breaker refuses claims for a while", null);
		}
		catch (DataAccessException ex) {
			// A claim that timed out may be applied once Redis answers, holding the key
			// until its ttl: take it back, if it is still this attempt's. Sent on the
			// claim's own connection, so that Redis runs it after the claim.
			offCallersThread(Mono.fromRunnable(() -> deleteIfUnchanged(PREFIX + key, value)));
			throw new IdempotencyStoreUnavailableException("Redis did not answer the claim of an idempotency key", ex);
		}
	}

	private Optional<IdempotencyRecord> claim(String key, String value, IdempotencyRecord claim, Duration ttl) {
		Boolean claimed = this.redis.opsForValue().setIfAbsent(PREFIX + key, value, ttl);
		if (Boolean.TRUE.equals(claimed)) {
			return Optional.empty();
		}
		String existing = this.redis.opsForValue().get(PREFIX + key);
		// Expired between the two calls: treat as still claimed; the client retries.
		return Optional.of((existing != null) ? read(existing) : claim);
	}

	/**
	 * Deletes a key if it still holds the value, with {@code EVAL} and the script's text.
	 * Not {@code EVALSHA} first, as Spring's script executor does: a Redis that never saw
	 * the script (new, restarted or flushed) answers it {@code NOSCRIPT}, and after a
	 * hang that answer comes after the command's timeout, too late to fall back to
	 * {@code EVAL}. A chaos run caught it: claims stayed for their whole ttl.
	 */
	private void deleteIfUnchanged(String key, String value) {
		this.redis.execute((RedisCallback<Long>) (connection) -> connection.scriptingCommands()
			.eval(DELETE_IF_UNCHANGED, ReturnType.INTEGER, 1, key.getBytes(StandardCharsets.UTF_8),
					value.getBytes(StandardCharsets.UTF_8)));
	}

	@Override
	public CompletableFuture<Void> complete(String key, IdempotencyRecord result, Duration ttl) {
		return offCallersThread(this.asyncRedis.opsForValue().set(PREFIX + key, write(result), ttl));
	}

	@Override
	public CompletableFuture<Void> release(String key) {
		return offCallersThread(this.asyncRedis.delete(PREFIX + key));
	}

	/**
	 * Runs a command on Reactor's bounded elastic threads, never on the caller's. The
	 * asynchronous commands themselves do not block, but the first one opens Lettuce's
	 * shared reactive connection, which waits for Redis, up to its timeout, on the
	 * subscribing thread (RedisIdempotencyStoreOutageTests caught it on the caller's);
	 * the take-back of a claim is a blocking call on the claim's connection.
	 */
	private static CompletableFuture<Void> offCallersThread(Mono<?> command) {
		return command.subscribeOn(Schedulers.boundedElastic()).then().toFuture();
	}

	private String write(IdempotencyRecord record) {
		return this.jsonMapper.writeValueAsString(record);
	}

	private IdempotencyRecord read(String json) {
		return this.jsonMapper.readValue(json, IdempotencyRecord.class);
	}

}
