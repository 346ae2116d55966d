package io.pulsegate.events.orders;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One line of an order.
 *
 * @param sku the article
 * @param quantity how many, at least 1
 * @param unitPrice price of one, not negative
 */
public record OrderLine(String sku, int quantity, BigDecimal unitPrice) {

	public OrderLine {
		Objects.requireNonNull(sku, "sku");
		Objects.requireNonNull(unitPrice, "unitPrice");
		if (quantity < 1) {
			throw new IllegalArgumentException("quantity must be at least 1");
		}
		if (unitPrice.signum() < 0) {
			throw new IllegalArgumentException("unitPrice must not be negative");
		}
	}

}
