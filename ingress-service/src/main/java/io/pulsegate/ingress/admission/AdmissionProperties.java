package io.pulsegate.ingress.admission;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many publishing requests the ingress works on at once. Each endpoint has a limit
 * that adapts, additive increase and multiplicative decrease (Netflix's
 * concurrency-limits): it grows by one while its requests finish within the latency
 * target and shrinks by a tenth for each that does not, or that the broker could not
 * take. A request beyond the limit gets 429 with {@code Retry-After} at once, before any
 * of its work is done, so that overload costs some callers a retry instead of every
 * caller its latency.
 *
 * @param enabled whether publishing requests are limited at all
 * @param retryAfter what a shed request's {@code Retry-After} header advises
 * @param send the limit of {@code POST /send}
 * @param batch the limit of {@code POST /send/batch}
 */
@ConfigurationProperties("pulsegate.ingress.admission")
@Validated
public record AdmissionProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("1s") @NotNull Duration retryAfter, @NotNull @Valid Limit send, @NotNull @Valid Limit batch) {

	/**
	 * The adaptive limit of one endpoint.
	 *
	 * @param latencyTarget the time, from admission to the answer, within which a request
	 * lets the limit grow
	 * @param initialLimit the limit at start-up
	 * @param minLimit the limit never goes below this
	 * @param maxLimit the limit never goes above this
	 */
	public record Limit(@NotNull Duration latencyTarget, @Positive int initialLimit, @Positive int minLimit,
			@Positive int maxLimit) {

	}

}
