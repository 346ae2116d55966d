package io.pulsegate.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

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
	 * From each event's intended start to the commit of the transaction that applied it
	 * (PostgreSQL's commit timestamp of its {@code applied_events} row).
	 * @param events the events of one run
	 * @return microseconds
	 */
	Histogram endToEnd(OrderEvents events) {
		Histogram latencies = new Histogram(3);
		try (Connection connection = connect();
				PreparedStatement query = connection.prepareStatement(
						"SELECT event_id, (extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000000)::bigint"
								+ " FROM applied_events WHERE event_id LIKE ?")) {
			query.setString(1, events.idPrefix() + "%");
			try (ResultSet result = query.executeQuery()) {
				while (result.next()) {
					long latency = result.getLong(2) - events.intendedEpochMicros(result.getString(1));
					latencies.recordValue(Math.max(1, latency));
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the applied events", ex);
		}
		return latencies;
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.jdbcUrl, this.user, "");
	}

}
