package io.pulsegate.events.orders;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A customer placed an order.
 *
 * @param orderId the order, also the event key
 * @param customerId who ordered
 * @param lines what was ordered, at least one line
 * @param total the order's total, not negative
 * @param currency ISO 4217 code of the amounts
 */
public record OrderPlaced(String orderId, String customerId, List<OrderLine> lines, BigDecimal total, String currency) {

	/** The event type name. */
	public static final String TYPE = "order.placed";

	public OrderPlaced {
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(customerId, "customerId");
		Objects.requireNonNull(total, "total");
		Currencies.requireCode(currency);
		lines = List.copyOf(lines);
		if (lines.isEmpty()) {
			throw new IllegalArgumentException("an order has at least one line");
		}
		if (total.signum() < 0) {
			throw new IllegalArgumentException("total must not be negative");
		}
	}

}
