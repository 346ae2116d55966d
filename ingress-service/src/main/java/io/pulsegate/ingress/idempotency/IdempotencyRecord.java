package io.pulsegate.ingress.idempotency;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What the store knows about a key: that a request holds it, or the response it got.
 *
 * @param fingerprint SHA-256 of the request body, hex encoded
 * @param status the response status, or 0 while the request is in progress
 * @param body the response body, {@code null} while the request is in progress
 * @param claimant unique to the attempt that holds the key, so that a claim can be taken
 * back only by the attempt that made it; {@code null} once the response is known
 */
record IdempotencyRecord(String fingerprint, int status, @Nullable String body, @Nullable String claimant) {

	IdempotencyRecord(String fingerprint, int status, String body) {
		this(fingerprint, status, body, null);
	}

	static IdempotencyRecord inProgress(String fingerprint) {
		return new IdempotencyRecord(fingerprint, 0, null, UUID.randomUUID().toString());
	}

	boolean isInProgress() {
		return this.status == 0;
	}

}
