package io.pulsegate.consumer.orders;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.consumer.events.BatchEventHandler;
import io.pulsegate.consumer.events.EventRejectedException;
import io.pulsegate.consumer.events.ReceivedEvent;
import io.pulsegate.events.EventMetadata;
import io.pulsegate.events.orders.OrderCancelled;
import io.pulsegate.events.orders.OrderPaid;
import io.pulsegate.events.orders.OrderPlaced;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies order events to the {@code orders} table, exactly once each: the event is
 * recorded as applied in the same transaction as its effect, so a redelivered or
 * re-published event finds itself recorded and changes nothing. The listener acknowledges
 * only after this transaction committed. A batch of events is applied in one transaction,
 * in order, so that it costs one commit; each event still finds the effects of those
 * before it, and an event recorded twice in one batch is skipped the second time.
 * <p>
 * An order moves from placed to paid, and from placed or paid to cancelled. Any other
 * move is rejected, and the event dead-lettered with the reason.
 */
@Component
class OrderProjection implements BatchEventHandler {

	private final AppliedEvents appliedEvents;

	private final Orders orders;

	private final MeterRegistry meters;

	OrderProjection(AppliedEvents appliedEvents, Orders orders, MeterRegistry meters) {
		this.appliedEvents = appliedEvents;
		this.orders = orders;
		this.meters = meters;
	}

	@Override
	@Transactional
	public void handle(ReceivedEvent event) {
		apply(event);
	}

	@Override
	@Transactional
	public void handleAll(List<ReceivedEvent> events) {
		events.forEach(this::apply);
	}

	private void apply(ReceivedEvent event) {
		EventMetadata metadata = event.metadata();
		if (event.data() instanceof OrderPlaced placed) {
			if (firstTime(metadata, placed.orderId())) {
				place(placed, metadata);
			}
		}
		else if (event.data() instanceof OrderPaid paid) {
			if (firstTime(metadata, paid.orderId())) {
				pay(paid, metadata);
			}
		}
		else if (event.data() instanceof OrderCancelled cancelled) {
			if (firstTime(metadata, cancelled.orderId())) {
				cancel(cancelled, metadata);
			}
		}
		else {
			throw new EventRejectedException("the order projection does not handle " + metadata.type());
		}
	}

	private boolean firstTime(EventMetadata metadata, String orderId) {
		if (this.appliedEvents.recordFirst(metadata, orderId)) {
			return true;
		}
		Counter duplicates = Counter.builder("pulsegate.consumer.events.duplicate")
			.description("Events the projection had applied already, skipped")
			.tag("type", metadata.type())
			.register(this.meters);
		// Counted on commit: a batch rolled back and applied again event by event would
		// count it twice.
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				duplicates.increment();
			}

		});
		return false;
	}

	private void place(OrderPlaced placed, EventMetadata metadata) {
		if (!this.orders.insert(placed, metadata)) {
			throw new EventRejectedException("order " + placed.orderId() + " was placed already, by event "
					+ this.orders.find(placed.orderId()).map(Order::lastEventId).orElse("?") + " or later");
		}
	}

	private void pay(OrderPaid paid, EventMetadata metadata) {
		Order order = this.orders.lock(paid.orderId())
			.orElseThrow(() -> new OrderNotPlacedException(paid.orderId(), metadata.type()));
		if (order.status() != OrderStatus.PLACED) {
			throw new EventRejectedException(
					"order " + order.orderId() + " is " + order.status() + " and cannot be paid");
		}
		if (order.total().compareTo(paid.amount()) != 0 || !order.currency().equals(paid.currency())) {
			throw new EventRejectedException("payment of " + paid.amount() + " " + paid.currency() + " for order "
					+ order.orderId() + " does not match its total of " + order.total().stripTrailingZeros() + " "
					+ order.currency());
		}
		this.orders.markPaid(order.orderId(), paid.paymentId(), metadata);
	}

	private void cancel(OrderCancelled cancelled, EventMetadata metadata) {
		Order order = this.orders.lock(cancelled.orderId())
			.orElseThrow(() -> new OrderNotPlacedException(cancelled.orderId(), metadata.type()));
		if (order.status() == OrderStatus.CANCELLED) {
			throw new EventRejectedException("order " + order.orderId() + " is cancelled already");
		}
		this.orders.markCancelled(order.orderId(), cancelled.reason(), metadata);
	}

}
