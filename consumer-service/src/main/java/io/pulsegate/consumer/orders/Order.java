package io.pulsegate.consumer.orders;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An order as the projection holds it.
 *
 * @param orderId the order
 * @param customerId who ordered
 * @param status where it stands
 * @param total the order's total
 * @param currency ISO 4217 code of the total
 * @param lineCount how many lines it has
 * @param paymentId the payment's reference once paid
 * @param cancelReason why it was cancelled, once cancelled
 * @param placedAt when it was placed (the event's time)
 * @param version how many events were applied to it
 * @param lastEventId the id of the last event applied
 */
public record Order(String orderId, String customerId, OrderStatus status, BigDecimal total, String currency,
		int lineCount, @Nullable String paymentId, @Nullable String cancelReason, Instant placedAt, int version,
		String lastEventId) {
}
