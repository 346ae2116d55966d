package io.pulsegate.system.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.pulsegate.testsupport.PostgresProcess;

/**
 * What the consumer wrote to PostgreSQL, read straight from its tables: the order
 * projection ({@code orders}, {@code applied_events}) and the audit log.
 */
final class Projection {

	private final PostgresProcess database;

	Projection(PostgresProcess database) {
		this.database = database;
	}

	/**
	 * When an order's first event was applied, if it was.
	 * @param orderId the order
	 * @return the time of the applying transaction, or empty if not applied yet or the
	 * database does not answer
	 */
	Optional<Instant> appliedAt(String orderId) {
		try (Connection connection = connect();
				PreparedStatement statement = connection
					.prepareStatement("SELECT min(applied_at) FROM applied_events WHERE order_id = ?")) {
			statement.setString(1, orderId);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				Timestamp appliedAt = rows.getTimestamp(1);
				return Optional.ofNullable(appliedAt).map(Timestamp::toInstant);
			}
		}
		catch (SQLException ex) {
			return Optional.empty();
		}
	}

	/**
	 * How many events were recorded as applied to each order. Each of a run's orders gets
	 * exactly one event, so any figure above 1 is an event applied under two ids.
	 * @return the count, by order id
	 */
	Map<String, Integer> applicationsByOrder() throws SQLException {
		return countBy("SELECT order_id, count(*) FROM applied_events GROUP BY order_id");
	}

	/**
	 * Each order's version: the number of events applied to it, 1 for an order placed
	 * once and changed by nothing since.
	 * @return the version, by order id
	 */
	Map<String, Integer> versionsByOrder() throws SQLException {
		return countBy("SELECT order_id, version FROM orders");
	}

	/**
	 * How many distinct messages the audit log saw for each order: more than one means
	 * the event was published more than once, under one event id or several.
	 * @return the count, by order id (the message key)
	 */
	Map<String, Integer> messagesByOrder() throws SQLException {
		return countBy("SELECT event_key, count(*) FROM audit_log GROUP BY event_key");
	}

	/**
	 * How many distinct event ids the audit log saw for each order: more than one means
	 * the ingress published one request as two events.
	 * @return the count, by order id (the message key)
	 */
	Map<String, Integer> eventIdsByOrder() throws SQLException {
		return countBy("SELECT event_key, count(DISTINCT event_id) FROM audit_log GROUP BY event_key");
	}

	private Map<String, Integer> countBy(String sql) throws SQLException {
		try (Connection connection = connect();
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet rows = statement.executeQuery()) {
			Map<String, Integer> counts = new HashMap<>();
			while (rows.next()) {
				counts.put(rows.getString(1), rows.getInt(2));
			}
			return counts;
		}
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(), "");
	}

}
