package io.pulsegate.consumer.orders;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pulsegate.consumer.events.EventRejectedException;
import io.pulsegate.events.EventMetadata;
import io.pulsegate.events.orders.OrderCancelled;
import io.pulsegate.events.orders.OrderPaid;
import io.pulsegate.events.orders.OrderPlaced;
import org.jspecify.annotations.Nullable;

/**
 * What a batch of events does to the orders they touch, worked out in memory, one event
 * after the other, from the orders' locked rows: each event finds the effect of those
 * before it. What is written is each order's state after the last of them.
 * <p>
 * An order moves from placed to paid, and from placed or paid to cancelled; nothing else.
 */
final class OrderChanges {

	private final Map<String, Order> orders;

	private final Map<String, Written> written = new LinkedHashMap<>();

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
		Order order = new Order(placed.orderId(), placed.customerId(), OrderStatus.PLACED, placed.total(),
				placed.currency(), placed.lines().size(), null, null, event.time(), 1, event.id());
		this.orders.put(order.orderId(), order);
		this.written.put(order.orderId(), new Written(order, true, null, null));
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
		Written before = this.written.get(order.orderId());
		change(new Order(order.orderId(), order.customerId(), OrderStatus.PAID, order.total(), order.currency(),
				order.lineCount(), paid.paymentId(), order.cancelReason(), order.placedAt(), order.version() + 1,
				event.id()), event.time(), (before != null) ? before.cancelledAt() : null);
	}

	void cancel(OrderCancelled cancelled, EventMetadata event) {
		Order order = placed(cancelled.orderId(), event);
		if (order.status() == OrderStatus.CANCELLED) {
			throw new EventRejectedException("order " + order.orderId() + " is cancelled already");
		}
		Written before = this.written.get(order.orderId());
		change(new Order(order.orderId(), order.customerId(), OrderStatus.CANCELLED, order.total(), order.currency(),
				order.lineCount(), order.paymentId(), cancelled.reason(), order.placedAt(), order.version() + 1,
				event.id()), (before != null) ? before.paidAt() : null, event.time());
	}

	private Order placed(String orderId, EventMetadata event) {
		Order order = this.orders.get(orderId);
		if (order == null) {
			throw new OrderNotPlacedException(orderId, event.type());
		}
		return order;
	}

	private void change(Order order, @Nullable Instant paidAt, @Nullable Instant cancelledAt) {
		Written before = this.written.get(order.orderId());
		this.orders.put(order.orderId(), order);
		this.written.put(order.orderId(), new Written(order, before != null && before.placed(), paidAt, cancelledAt));
	}

	/**
	 * The orders placed by the batch, in their state after it.
	 * @return the new orders
	 */
	List<Written> placed() {
		return this.written.values().stream().filter(Written::placed).toList();
	}

	/**
	 * The orders that existed and that the batch changed, in their state after it.
	 * @return the changed orders
	 */
	List<Written> changed() {
		return this.written.values().stream().filter((written) -> !written.placed()).toList();
	}

	/**
	 * An order as the batch leaves it.
	 *
	 * @param order its state
	 * @param placed whether the batch placed it
	 * @param paidAt when the batch paid it, if it did
	 * @param cancelledAt when the batch cancelled it, if it did
	 */
	record Written(Order order, boolean placed, @Nullable Instant paidAt, @Nullable Instant cancelledAt) {
	}

}
