package io.pulsegate.ingress.idempotency;

import org.jspecify.annotations.Nullable;

/**
 * The shared idempotency store did not answer, so a request with an idempotency key
 * cannot be told from a retry of one already accepted. It is refused, not run unchecked:
 * the client retries it with the same key once the store is back.
 */
public class IdempotencyStoreUnavailableException extends RuntimeException {

	IdempotencyStoreUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
