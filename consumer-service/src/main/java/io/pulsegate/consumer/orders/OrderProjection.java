package io.pulsegate.consumer.orders;

import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.consumer.events.BatchEventHandler;
import io.pulsegate.consumer.events.EventRejectedException;
import io.pulsegate.consumer.events.ReceivedEvent;
import io.pulsegate.consumer.orders.AppliedEvents.Application;
import io.pulsegate.consumer.orders.OrderChanges.Written;
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
 * only after this transaction committed.
 * <p>
 * A batch of events is applied in one transaction, in order, with three statements
 * whatever its size: the events are recorded, the orders they touch are read and locked,
 * what the events do to them is worked out in memory ({@link OrderChanges}), and each
 * order is written in its state after the batch. A single event goes the same way.
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
		apply(List.of(event));
	}

	@Override
	@Transactional
	public void handleAll(List<ReceivedEvent> events) {
		apply(events);
	}

	private void apply(List<ReceivedEvent> events) {
		List<Application> applications = events.stream()
			.map((event) -> new Application(event.metadata(), orderId(event)))
			.toList();
		boolean[] first = this.appliedEvents.recordFirst(applications);
		OrderChanges changes = new OrderChanges(
				this.orders.lock(applications.stream().map(Application::orderId).distinct().toList()));
		for (int i = 0; i < events.size(); i++) {
			ReceivedEvent event = events.get(i);
			if (!first[i]) {
				countDuplicate(event.metadata().type());
			}
			else if (event.data() instanceof OrderPlaced placed) {
				changes.place(placed, event.metadata());
			}
			else if (event.data() instanceof OrderPaid paid) {
				changes.pay(paid, event.metadata());
			}
			else if (event.data() instanceof OrderCancelled cancelled) {
				changes.cancel(cancelled, event.metadata());
			}
		}
		write(changes);
	}

	private static String orderId(ReceivedEvent event) {
		if (event.data() instanceof OrderPlaced placed) {
			return placed.orderId();
		}
		if (event.data() instanceof OrderPaid paid) {
			return paid.orderId();
		}
		if (event.data() instanceof OrderCancelled cancelled) {
			return cancelled.orderId();
		}
		throw new EventRejectedException("the order projection does not handle " + event.metadata().type());
	}

	private void write(OrderChanges changes) {
		List<Written> placed = changes.placed();
		List<Written> changed = changes.changed();
		if (placed.isEmpty() && changed.isEmpty()) {
			return;
		}
		Set<String> inserted = this.orders.write(placed, changed);
		for (Written order : placed) {
			// Placed by a concurrent transaction since the orders were locked.
			String orderId = order.order().orderId();
			if (!inserted.contains(orderId)) {
				throw new EventRejectedException("order " + orderId + " was placed already, by event "
						+ this.orders.find(orderId).map(Order::lastEventId).orElse("?") + " or later");
			}
		}
	}

	private void countDuplicate(String type) {
		Counter duplicates = Counter.builder("pulsegate.consumer.events.duplicate")
			.description("Events the projection had applied already, skipped")
			.tag("type", type)
			.register(this.meters);
		// Counted on commit: a batch rolled back and applied again event by event would
		// count it twice.
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				duplicates.increment();
			}

		});
	}

}
