package io.pulsegate.system.chaos;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * One distinct event a client sends until it is acknowledged, always with the same
 * {@code Idempotency-Key} and body, and what came of its attempts.
 */
final class LoadEvent {

	private final String key;

	private final String orderId;

	private final AtomicInteger attempts = new AtomicInteger();

	private final AtomicBoolean acknowledged = new AtomicBoolean();

	private volatile @Nullable Instant acknowledgedAt;

	private volatile @Nullable String refusal;

	LoadEvent(String key, String orderId) {
		this.key = key;
		this.orderId = orderId;
	}

	String key() {
		return this.key;
	}

	String orderId() {
		return this.orderId;
	}

	/**
	 * An order placed with one line: no client-given id, so that only the
	 * {@code Idempotency-Key} stands between a retry and a second event.
	 * @return the request body
	 */
	String body() {
		return """
				{"type": "order.placed", "data": {"orderId": "%s", "customerId": "chaos",
				 "lines": [{"sku": "CHAOS-1", "quantity": 1, "unitPrice": 5}], "total": 5, "currency": "EUR"}}"""
			.formatted(this.orderId);
	}

	int nextAttempt() {
		return this.attempts.incrementAndGet();
	}

	int attempts() {
		return this.attempts.get();
	}

	/**
	 * Records a success response.
	 * @return {@code true} if it is the event's first
	 */
	boolean acknowledge() {
		if (this.acknowledged.compareAndSet(false, true)) {
			this.acknowledgedAt = Instant.now();
			return true;
		}
		return false;
	}

	boolean isAcknowledged() {
		return this.acknowledged.get();
	}

	@Nullable Instant acknowledgedAt() {
		return this.acknowledgedAt;
	}

	/**
	 * Records an answer that retrying cannot change, such as 400: the client gives up.
	 * @param refusal the status and body
	 */
	void refuse(String refusal) {
		this.refusal = refusal;
	}

	@Nullable String refusal() {
		return this.refusal;
	}

	boolean isFinished() {
		return isAcknowledged() || this.refusal != null;
	}

}
