package io.pulsegate.ingress.idempotency;

import org.jspecify.annotations.Nullable;

/**
 * What the store knows about a key: that a request holds it, or the response it got.
 *
 * @param fingerprint SHA-256 of the request body, hex encoded
 * @param status the response status, or 0 while the request is in progress
 * @param body the response body, {@code null} while the request is in progress
 */
record IdempotencyRecord(String fingerprint, int status, @Nullable String body) {

	static IdempotencyRecord inProgress(String fingerprint) {
		return new IdempotencyRecord(fingerprint, 0, null);
	}

	boolean isInProgress() {
		return this.status == 0;
	}

}
