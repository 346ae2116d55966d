package io.pulsegate.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

import io.pulsegate.benchmark.events.OrderEvents;
import org.HdrHistogram.Histogram;

/**
 * Reads what the consumer's order projection applied, from PostgreSQL.
 */
final class Projection {

	private final String jdbcUrl;

	private final String user;

	Projection(String jdbcUrl, String user) {
		this.jdbcUrl = jdbcUrl;
		this.user = user;
	}

	long applied(OrderEvents events) {
		try (Connection connection = connect();
				PreparedStatement count = connection
					.prepareStatement("SELECT count(*) FROM applied_events WHERE event_id LIKE ?")) {
			count.setString(1, events.idPrefix() + "%");
			try (ResultSet result = count.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not count the applied events", ex);
		}
	}

	/**
	 * When each event of a run passed each stage on its way into the projection, read
	 * from PostgreSQL: the message's publish time (from the audit log), the start of the
	 * projection transaction that applied it ({@code applied_at}, the transaction's
	 * {@code now()}) and that transaction's commit ({@code track_commit_timestamp}).
	 * @param events the events of one run
	 * @return one timeline per applied event, in the order they were meant to start
	 */
	List<Timeline> timelines(OrderEvents events) {
		List<Timeline> timelines = new ArrayList<>();
		try (Connection connection = connect();
				PreparedStatement query = connection.prepareStatement(
						"SELECT a.event_id," + " (SELECT (extract(epoch FROM min(l.published_at)) * 1000000)::bigint"
								+ " FROM audit_log l WHERE l.event_id = a.event_id),"
								+ " (extract(epoch FROM a.applied_at) * 1000000)::bigint,"
								+ " (extract(epoch FROM pg_xact_commit_timestamp(a.xmin)) * 1000000)::bigint"
								+ " FROM applied_events a WHERE a.event_id LIKE ?")) {
			query.setString(1, events.idPrefix() + "%");
			try (ResultSet result = query.executeQuery()) {
				while (result.next()) {
					long published = result.getLong(2);
					timelines.add(new Timeline(events.intendedEpochMicros(result.getString(1)),
							result.wasNull() ? -1 : published, result.getLong(3), result.getLong(4)));
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the applied events", ex);
		}
		timelines.sort(Comparator.comparingLong(Timeline::intended));
		return timelines;
	}

	/**
	 * An event's way into the projection, in microseconds since the epoch.
	 *
	 * @param intended when its request was meant to start
	 * @param published the publish time of its message (millisecond precision), or -1 if
	 * the audit log has not recorded it
	 * @param started when the transaction that applied it started
	 * @param committed when that transaction committed
	 */
	record Timeline(long intended, long published, long started, long committed) {

		static Histogram latencies(List<Timeline> timelines, ToLongFunction<Timeline> stage) {
			Histogram latencies = new Histogram(3);
			for (Timeline timeline : timelines) {
				long at = stage.applyAsLong(timeline);
				if (at >= 0) {
					latencies.recordValue(Math.max(1, at - timeline.intended()));
				}
			}
			return latencies;
		}

	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.jdbcUrl, this.user, "");
	}

}
