package io.pulsegate.ingress.idempotency;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Claims and results kept in this process. A result is kept for its time to live (the
 * window), and of the results at most {@code max-entries}: beyond that the oldest goes
 * first, as it would have soonest anyway. A claim lives until its request completes or
 * fails, or at most its time to live, as in Redis; claims are as many as the requests in
 * progress, so they are not bounded in number.
 * <p>
 * Not a size-bounded Caffeine cache: that admits entries by how often their key is used
 * (TinyLFU), and an idempotency key is used once or twice, so once full it dropped
 * results seconds old while it kept older ones, and the retries of those published again.
 */
final class InMemoryIdempotencyStore implements IdempotencyStore {

	private final long maxEntries;

	private final InstantSource clock;

	private final Counter dropped;

	// In the order the results were stored: the eldest expires first.
	private final LinkedHashMap<String, Kept> results = new LinkedHashMap<>();

	private final Map<String, Kept> claims = new HashMap<>();

	InMemoryIdempotencyStore(long maxEntries, InstantSource clock, MeterRegistry meters) {
		this.maxEntries = maxEntries;
		this.clock = clock;
		this.dropped = Counter.builder("pulsegate.ingress.idempotency.results.dropped")
			.description("Responses forgotten before the end of the window, to keep at most max-entries: "
					+ "a retry of theirs publishes again")
			.register(meters);
	}

	@Override
	public synchronized Optional<IdempotencyRecord> claim(String key, IdempotencyRecord claim, Duration ttl) {
		Instant now = this.clock.instant();
		dropExpiredResults(now);
		Kept result = this.results.get(key);
		if (result != null) {
			return Optional.of(result.record());
		}
		Kept held = this.claims.get(key);
		if (held != null && held.isLiveAt(now)) {
			return Optional.of(held.record());
		}
		this.claims.put(key, new Kept(claim, now.plus(ttl)));
		return Optional.empty();
	}

	@Override
	public synchronized CompletableFuture<Void> complete(String key, IdempotencyRecord result, Duration ttl) {
		this.claims.remove(key);
		// Removed first, so that a result stored again takes its place at the end.
		this.results.remove(key);
		this.results.put(key, new Kept(result, this.clock.instant().plus(ttl)));
		if (this.results.size() > this.maxEntries) {
			Iterator<Kept> eldest = this.results.values().iterator();
			eldest.next();
			eldest.remove();
			this.dropped.increment();
		}
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public synchronized CompletableFuture<Void> release(String key) {
		this.claims.remove(key);
		return CompletableFuture.completedFuture(null);
	}

	private void dropExpiredResults(Instant now) {
		Iterator<Kept> eldest = this.results.values().iterator();
		while (eldest.hasNext() && !eldest.next().isLiveAt(now)) {
			eldest.remove();
		}
	}

	private record Kept(IdempotencyRecord record, Instant expiresAt) {

		boolean isLiveAt(Instant now) {
			return now.isBefore(this.expiresAt);
		}

	}

}
