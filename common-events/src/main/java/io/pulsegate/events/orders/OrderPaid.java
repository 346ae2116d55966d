package io.pulsegate.events.orders;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An order was paid.
 *
 * @param orderId the order, also the event key
 * @param paymentId the payment provider's reference
 * @param amount what was paid, positive
 * @param currency ISO 4217 code of the amount
 */
public record OrderPaid(String orderId, String paymentId, BigDecimal amount, String currency) {

	/** The event type name. */
	public static final String TYPE = "order.paid";

	public OrderPaid {
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(paymentId, "paymentId");
		Objects.requireNonNull(amount, "amount");
		Currencies.requireCode(currency);
		if (amount.signum() <= 0) {
			throw new IllegalArgumentException("amount must be positive");
		}
	}

}
