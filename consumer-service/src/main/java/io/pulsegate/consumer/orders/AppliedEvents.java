package io.pulsegate.consumer.orders;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

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
	 * Records events as applied, unless they already were, with one statement however
	 * many they are. A concurrent transaction recording one of them makes this wait for
	 * its outcome.
	 * @param events the events, each with the order it applies to
	 * @return for each event, {@code true} if this is its first application,
	 * {@code false} for a redelivery, a re-publication, or a second time in the list
	 */
	boolean[] recordFirst(List<Application> events) {
		Set<Key> recorded = new HashSet<>(this.jdbc
			.sql("INSERT INTO applied_events (source, event_id, event_type, order_id) "
					+ "SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) "
					+ "ON CONFLICT (source, event_id) DO NOTHING RETURNING source, event_id")
			.params(column(events, (event) -> event.event().source()), column(events, (event) -> event.event().id()),
					column(events, (event) -> event.event().type()), column(events, Application::orderId))
			.query((row, number) -> new Key(row.getString(1), row.getString(2)))
			.list());
		boolean[] first = new boolean[events.size()];
		for (int i = 0; i < first.length; i++) {
			EventMetadata event = events.get(i).event();
			// Removed once found, so that a second time in the list is no first time.
			first[i] = recorded.remove(new Key(event.source(), event.id()));
		}
		return first;
	}

	private static String[] column(List<Application> events, Function<Application, String> value) {
		return events.stream().map(value).toArray(String[]::new);
	}

	/**
	 * An event to record.
	 *
	 * @param event the event's metadata
	 * @param orderId the order it applies to
	 */
	record Application(EventMetadata event, String orderId) {
	}

	private record Key(String source, String eventId) {
	}

}
