package io.pulsegate.consumer.orders;

import io.pulsegate.events.EventMetadata;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The events the projection has applied, recorded in the transaction of their effect: the
 * record commits with the effect or not at all.
 */
@Repository
class AppliedEvents {

	private final JdbcClient jdbc;

	AppliedEvents(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records an event as applied, unless it already was. A concurrent transaction
	 * recording the same event makes this wait for its outcome.
	 * @param event the event's metadata
	 * @param orderId the order it applies to
	 * @return {@code true} if this is its first application, {@code false} for a
	 * redelivery or a re-publication
	 */
	boolean recordFirst(EventMetadata event, String orderId) {
		int inserted = this.jdbc
			.sql("INSERT INTO applied_events (source, event_id, event_type, order_id) VALUES (?, ?, ?, ?) "
					+ "ON CONFLICT (source, event_id) DO NOTHING")
			.params(event.source(), event.id(), event.type(), orderId)
			.update();
		return inserted == 1;
	}

}
