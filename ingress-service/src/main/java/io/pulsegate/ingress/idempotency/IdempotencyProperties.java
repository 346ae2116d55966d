package io.pulsegate.ingress.idempotency;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How retried requests are recognised.
 *
 * @param store where results are kept: {@code memory} for a single ingress, {@code redis}
 * (with {@code spring.data.redis.*}) when several replicas share the work
 * @param window how long a result is kept for retries
 * @param maxEntries most results the in-memory store keeps: with more keyed requests per
 * window, the oldest are forgotten before the window ends
 * @param claimTimeout how long a request in progress holds its key in Redis, so that a
 * key claimed by a replica that died frees itself; longer than the publish timeout
 */
@ConfigurationProperties("pulsegate.ingress.idempotency")
@Validated
public record IdempotencyProperties(@DefaultValue("memory") @NotNull Store store,
		@DefaultValue("1h") @NotNull Duration window, @DefaultValue("100000") @Positive long maxEntries,
		@DefaultValue("30s") @NotNull Duration claimTimeout) {

	/** Where results are kept. */
	public enum Store {

		/** In this process: retries that reach another replica are not recognised. */
		MEMORY,

		/** In Redis, shared by all replicas. */
		REDIS

	}

}
