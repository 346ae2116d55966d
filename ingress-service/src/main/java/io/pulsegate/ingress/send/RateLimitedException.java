package io.pulsegate.ingress.send;

import java.time.Duration;

/**
 * The caller's tenant has used up its rate for now.
 */
class RateLimitedException extends RuntimeException {

	private final Duration retryAfter;

	RateLimitedException(String tenant, Duration retryAfter) {
		super("Tenant " + tenant + " is over its rate limit");
		this.retryAfter = retryAfter;
	}

	Duration retryAfter() {
		return this.retryAfter;
	}

}
