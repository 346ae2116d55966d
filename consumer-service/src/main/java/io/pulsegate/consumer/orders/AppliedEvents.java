package io.pulsegate.consumer.orders;

import java.util.List;

import io.pulsegate.events.EventMetadata;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The events the projection has applied, recorded in the transaction of their effect: the
 * record commits with the effect or not at all.
 */
@Repository
class AppliedEvents {

	private final JdbcTemplate jdbc;

	AppliedEvents(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records events as applied, in one JDBC batch, unless they already were; an event
	 * twice in the list is recorded the first time. A concurrent transaction recording
	 * the same event makes this wait for its outcome.
	 * @param events the events, each with the order it applies to
	 * @return for each event, {@code true} if this is its first application,
	 * {@code false} for a redelivery or a re-publication
	 */
	boolean[] recordFirst(List<Application> events) {
		int[] inserted = this.jdbc.batchUpdate(
				"INSERT INTO applied_events (source, event_id, event_type, order_id) VALUES (?, ?, ?, ?) "
						+ "ON CONFLICT (source, event_id) DO NOTHING",
				events.stream()
					.map((application) -> new Object[] { application.event().source(), application.event().id(),
							application.event().type(), application.orderId() })
					.toList());
		boolean[] first = new boolean[inserted.length];
		for (int i = 0; i < inserted.length; i++) {
			first[i] = inserted[i] == 1;
		}
		return first;
	}

	/**
	 * An event to record.
	 *
	 * @param event the event's metadata
	 * @param orderId the order it applies to
	 */
	record Application(EventMetadata event, String orderId) {
	}

}
