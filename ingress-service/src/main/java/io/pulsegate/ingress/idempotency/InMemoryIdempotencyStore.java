package io.pulsegate.ingress.idempotency;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Results kept in this process, bounded in number and age. Claims need no time limit of
 * their own: they die with the process that holds them.
 */
final class InMemoryIdempotencyStore implements IdempotencyStore {

	private final Cache<String, IdempotencyRecord> records;

	InMemoryIdempotencyStore(Duration window, long maxEntries) {
		this.records = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(maxEntries).build();
	}

	@Override
	public Optional<IdempotencyRecord> claim(String key, IdempotencyRecord claim, Duration ttl) {
		IdempotencyRecord existing = this.records.asMap().putIfAbsent(key, claim);
		return Optional.ofNullable(existing);
	}

	@Override
	public CompletableFuture<Void> complete(String key, IdempotencyRecord result, Duration ttl) {
		this.records.put(key, result);
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletableFuture<Void> release(String key) {
		this.records.invalidate(key);
		return CompletableFuture.completedFuture(null);
	}

}
