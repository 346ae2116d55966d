package io.pulsegate.events.orders;

import java.util.Objects;

/**
 * An order was cancelled.
 *
 * @param orderId the order, also the event key
 * @param reason why, for people
 */
public record OrderCancelled(String orderId, String reason) {

	/** The event type name. */
	public static final String TYPE = "order.cancelled";

	public OrderCancelled {
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(reason, "reason");
	}

}
