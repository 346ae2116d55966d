package io.pulsegate.events.orders;

import java.util.List;

import io.pulsegate.events.schema.EventType;

/**
 * The order event types, keyed by their {@code orderId}.
 */
public final class OrderEvents {

	public static final EventType PLACED = new EventType(OrderPlaced.TYPE, OrderPlaced.class, "orderId");

	public static final EventType PAID = new EventType(OrderPaid.TYPE, OrderPaid.class, "orderId");

	public static final EventType CANCELLED = new EventType(OrderCancelled.TYPE, OrderCancelled.class, "orderId");

	public static final List<EventType> ALL = List.of(PLACED, PAID, CANCELLED);

	private OrderEvents() {
	}

}
