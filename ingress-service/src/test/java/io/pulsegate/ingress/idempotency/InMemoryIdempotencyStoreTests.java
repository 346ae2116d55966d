package io.pulsegate.ingress.idempotency;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory store keeps results for the window and, when full, forgets the oldest
 * first; claims live until completed, released or expired.
 */
class InMemoryIdempotencyStoreTests {

	private static final Duration WINDOW = Duration.ofHours(1);

	private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(30);

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:00:00Z"));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void aResultIsKeptForTheWindowAndThenForgotten() {
		InMemoryIdempotencyStore store = store(10);
		store.claim("k", claim(), CLAIM_TIMEOUT);
		store.complete("k", result(), WINDOW);

		advance(WINDOW.minusSeconds(1));
		assertThat(store.claim("k", claim(), CLAIM_TIMEOUT)).contains(result());

		advance(Duration.ofSeconds(1));
		assertThat(store.claim("k", claim(), CLAIM_TIMEOUT)).isEmpty();
	}

	@Test
	void aFullStoreForgetsItsOldestResultsAndKeepsTheNewest() {
		int maxEntries = 1_000;
		InMemoryIdempotencyStore store = store(maxEntries);
		// Ten times as many again: a cache that admits by frequency (TinyLFU) kept about
		// a
		// tenth of the newest here, and only one of the last ten.
		int stored = 11 * maxEntries;
		for (int i = 0; i < stored; i++) {
			store.claim("k" + i, claim(), CLAIM_TIMEOUT);
			store.complete("k" + i, result(), WINDOW);
		}

		for (int i = stored - maxEntries; i < stored; i++) {
			assertThat(store.claim("k" + i, claim(), CLAIM_TIMEOUT)).as("k" + i).contains(result());
		}
		assertThat(this.meters.get("pulsegate.ingress.idempotency.results.dropped").counter().count())
			.isEqualTo(stored - maxEntries);
		assertThat(store.claim("k" + (stored - maxEntries - 1), claim(), CLAIM_TIMEOUT)).isEmpty();
	}

	@Test
	void claimsInProgressAreNotForgottenToMakeRoomForResults() {
		InMemoryIdempotencyStore store = store(2);
		IdempotencyRecord first = claim();
		store.claim("running", first, CLAIM_TIMEOUT);
		for (int i = 0; i < 5; i++) {
			store.claim("k" + i, claim(), CLAIM_TIMEOUT);
			store.complete("k" + i, result(), WINDOW);
		}

		assertThat(store.claim("running", claim(), CLAIM_TIMEOUT)).contains(first);
	}

	@Test
	void aClaimIsHeldUntilItsRequestFailsOrItExpires() {
		InMemoryIdempotencyStore store = store(10);
		IdempotencyRecord first = claim();
		assertThat(store.claim("k", first, CLAIM_TIMEOUT)).isEmpty();
		assertThat(store.claim("k", claim(), CLAIM_TIMEOUT)).contains(first);

		store.release("k");
		IdempotencyRecord second = claim();
		assertThat(store.claim("k", second, CLAIM_TIMEOUT)).isEmpty();

		advance(CLAIM_TIMEOUT);
		assertThat(store.claim("k", claim(), CLAIM_TIMEOUT)).isEmpty();
	}

	@Test
	void aResultReplacesTheClaim() {
		InMemoryIdempotencyStore store = store(10);
		store.claim("k", claim(), CLAIM_TIMEOUT);
		store.complete("k", result(), WINDOW);

		// A claim's timeout is long past, the result's window is not.
		advance(CLAIM_TIMEOUT.multipliedBy(2));
		assertThat(store.claim("k", claim(), CLAIM_TIMEOUT)).contains(result());
	}

	private InMemoryIdempotencyStore store(long maxEntries) {
		return new InMemoryIdempotencyStore(maxEntries, this.now::get, this.meters);
	}

	private void advance(Duration duration) {
		this.now.updateAndGet((instant) -> instant.plus(duration));
	}

	private static IdempotencyRecord claim() {
		return IdempotencyRecord.inProgress("digest");
	}

	private static IdempotencyRecord result() {
		return new IdempotencyRecord("digest", 202, "{}");
	}

}
