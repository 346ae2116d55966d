package io.pulsegate.ingress.idempotency;

import java.time.Duration;
import java.util.Optional;

/**
 * Keeps, per key, either a claim by a request in progress or the response it got.
 */
interface IdempotencyStore {

	/**
	 * Claims a key for a request, unless it is known already.
	 * @param key the scoped key
	 * @param claim the in-progress record to store
	 * @param ttl how long the claim lives if it is never completed or released, as when
	 * the process holding it dies
	 * @return empty if the key was claimed, otherwise what is stored under it
	 */
	Optional<IdempotencyRecord> claim(String key, IdempotencyRecord claim, Duration ttl);

	/**
	 * Stores the response a claimed request got.
	 * @param key the scoped key
	 * @param result the completed record
	 * @param ttl how long it is kept
	 */
	void complete(String key, IdempotencyRecord result, Duration ttl);

	/**
	 * Forgets a claim whose request failed, so that a retry can go ahead.
	 * @param key the scoped key
	 */
	void release(String key);

}
