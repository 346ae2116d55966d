package io.pulsegate.ingress.idempotency;

import java.time.Duration;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Results kept in Redis, so that a retry is recognised whichever replica it reaches. A
 * key is claimed with {@code SET NX PX}: of two replicas racing, exactly one wins.
 */
final class RedisIdempotencyStore implements IdempotencyStore {

	private static final String PREFIX = "pulsegate:idempotency:";

	private final StringRedisTemplate redis;

	private final JsonMapper jsonMapper;

	RedisIdempotencyStore(StringRedisTemplate redis, JsonMapper jsonMapper) {
		this.redis = redis;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public Optional<IdempotencyRecord> claim(String key, IdempotencyRecord claim, Duration ttl) {
		Boolean claimed = this.redis.opsForValue().setIfAbsent(PREFIX + key, write(claim), ttl);
		if (Boolean.TRUE.equals(claimed)) {
			return Optional.empty();
		}
		String existing = this.redis.opsForValue().get(PREFIX + key);
		// Expired between the two calls: treat as still claimed; the client retries.
		return Optional.of((existing != null) ? read(existing) : claim);
	}

	@Override
	public void complete(String key, IdempotencyRecord result, Duration ttl) {
		this.redis.opsForValue().set(PREFIX + key, write(result), ttl);
	}

	@Override
	public void release(String key) {
		this.redis.delete(PREFIX + key);
	}

	private String write(IdempotencyRecord record) {
		return this.jsonMapper.writeValueAsString(record);
	}

	private IdempotencyRecord read(String json) {
		return this.jsonMapper.readValue(json, IdempotencyRecord.class);
	}

}
