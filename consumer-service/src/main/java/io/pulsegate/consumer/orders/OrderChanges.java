package io.pulsegate.consumer.orders;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pulsegate.consumer.events.EventRejectedException;
import io.pulsegate.events.EventMetadata;
import io.pulsegate.events.orders.OrderCancelled;
import io.pulsegate.events.orders.OrderPaid;
import io.pulsegate.events.orders.OrderPlaced;

/**
 * What a batch of events does to the orders they touch, worked out in memory, one event
 * after the other, from the orders' locked rows: each event finds the effect of those
 * before it. Collects the writes, for the batch to make them all at once.
 * <p>
 * An order moves from placed to paid, and from placed or paid to cancelled; nothing else.
 * Since that is the only order in which moves can happen, the writes may be made by kind:
 * placements, then payments, then cancellations.
 */
final class OrderChanges {

	private final Map<String, Order> orders;

	private final List<Placement> placements = new ArrayList<>();

	private final List<Payment> payments = new ArrayList<>();

	private final List<Cancellation> cancellations = new ArrayList<>();

	/**
	 * Starts from the orders as they are.
	 * @param locked the orders the batch touches that exist, locked, by order id
	 */
	OrderChanges(Map<String, Order> locked) {
		this.orders = new HashMap<>(locked);
	}

	void place(OrderPlaced placed, EventMetadata event) {
		Order existing = this.orders.get(placed.orderId());
		if (existing != null) {
			throw new EventRejectedException("order " + placed.orderId() + " was placed already, by event "
					+ existing.lastEventId() + " or later");
		}
		this.orders.put(placed.orderId(), new Order(placed.orderId(), placed.customerId(), OrderStatus.PLACED,
				placed.total(), placed.currency(), placed.lines().size(), null, null, event.time(), 1, event.id()));
		this.placements.add(new Placement(placed, event));
	}

	void pay(OrderPaid paid, EventMetadata event) {
		Order order = placed(paid.orderId(), event);
		if (order.status() != OrderStatus.PLACED) {
			throw new EventRejectedException(
					"order " + order.orderId() + " is " + order.status() + " and cannot be paid");
		}
		if (order.total().compareTo(paid.amount()) != 0 || !order.currency().equals(paid.currency())) {
			throw new EventRejectedException("payment of " + paid.amount() + " " + paid.currency() + " for order "
					+ order.orderId() + " does not match its total of " + order.total().stripTrailingZeros() + " "
					+ order.currency());
		}
		this.orders.put(order.orderId(),
				new Order(order.orderId(), order.customerId(), OrderStatus.PAID, order.total(), order.currency(),
						order.lineCount(), paid.paymentId(), order.cancelReason(), order.placedAt(),
						order.version() + 1, event.id()));
		this.payments.add(new Payment(order.orderId(), paid.paymentId(), event));
	}

	void cancel(OrderCancelled cancelled, EventMetadata event) {
		Order order = placed(cancelled.orderId(), event);
		if (order.status() == OrderStatus.CANCELLED) {
			throw new EventRejectedException("order " + order.orderId() + " is cancelled already");
		}
		this.orders.put(order.orderId(),
				new Order(order.orderId(), order.customerId(), OrderStatus.CANCELLED, order.total(), order.currency(),
						order.lineCount(), order.paymentId(), cancelled.reason(), order.placedAt(), order.version() + 1,
						event.id()));
		this.cancellations.add(new Cancellation(order.orderId(), cancelled.reason(), event));
	}

	private Order placed(String orderId, EventMetadata event) {
		Order order = this.orders.get(orderId);
		if (order == null) {
			throw new OrderNotPlacedException(orderId, event.type());
		}
		return order;
	}

	List<Placement> placements() {
		return this.placements;
	}

	List<Payment> payments() {
		return this.payments;
	}

	List<Cancellation> cancellations() {
		return this.cancellations;
	}

	record Placement(OrderPlaced order, EventMetadata event) {
	}

	record Payment(String orderId, String paymentId, EventMetadata event) {
	}

	record Cancellation(String orderId, String reason, EventMetadata event) {
	}

}
