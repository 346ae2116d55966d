package io.pulsegate.ingress.idempotency;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps, per key, either a claim by a request in progress or the response it got.
 */
interface IdempotencyStore {

	/**
	 * Claims a key for a request, unless it is known already. Called on the request's
	 * thread, before anything is published.
	 * @param key the scoped key
	 * @param claim the in-progress record to store
	 * @param ttl how long the claim lives if it is never completed or released, as when
	 * the process holding it dies
	 * @return empty if the key was claimed, otherwise what is stored under it
	 * @throws IdempotencyStoreUnavailableException if the store did not answer
	 */
	Optional<IdempotencyRecord> claim(String key, IdempotencyRecord claim, Duration ttl);

	/**
	 * Stores the response a claimed request got. Must not block: it is called on the
	 * thread that brings the broker's acknowledgement.
	 * @param key the scoped key
	 * @param result the completed record
	 * @param ttl how long it is kept
	 * @return completes when the response is stored, fails if it could not be
	 */
	CompletableFuture<Void> complete(String key, IdempotencyRecord result, Duration ttl);

	/**
	 * Forgets a claim whose request failed, so that a retry can go ahead. Must not block,
	 * as {@link #complete}.
	 * @param key the scoped key
	 * @return completes when the claim is forgotten, fails if it could not be
	 */
	CompletableFuture<Void> release(String key);

}
