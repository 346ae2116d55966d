package io.pulsegate.consumer.orders;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import io.pulsegate.events.EventMetadata;
import io.pulsegate.events.orders.OrderPlaced;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code orders} table. Each write raises the order's version and records the event
 * that made it.
 */
@Repository
class Orders {

	private static final String COLUMNS = "order_id, customer_id, status, total, currency, line_count, payment_id, "
			+ "cancel_reason, placed_at, version, last_event_id";

	private final JdbcClient jdbc;

	Orders(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Order> find(String orderId) {
		return select("SELECT " + COLUMNS + " FROM orders WHERE order_id = ?", orderId);
	}

	/**
	 * Reads an order and locks its row until the transaction ends.
	 * @param orderId the order
	 * @return the order, if it was placed
	 */
	Optional<Order> lock(String orderId) {
		return select("SELECT " + COLUMNS + " FROM orders WHERE order_id = ? FOR UPDATE", orderId);
	}

	/**
	 * Inserts a newly placed order.
	 * @param placed the event's data
	 * @param event the event's metadata
	 * @return {@code false} if the order already exists
	 */
	boolean insert(OrderPlaced placed, EventMetadata event) {
		return this.jdbc
			.sql("INSERT INTO orders (order_id, customer_id, status, total, currency, line_count, placed_at, version, "
					+ "last_event_id) VALUES (?, ?, 'PLACED', ?, ?, ?, ?, 1, ?) ON CONFLICT (order_id) DO NOTHING")
			.params(placed.orderId(), placed.customerId(), placed.total(), placed.currency(), placed.lines().size(),
					timestamp(event.time()), event.id())
			.update() == 1;
	}

	void markPaid(String orderId, String paymentId, EventMetadata event) {
		this.jdbc
			.sql("UPDATE orders SET status = 'PAID', payment_id = ?, paid_at = ?, version = version + 1, "
					+ "last_event_id = ?, updated_at = now() WHERE order_id = ?")
			.params(paymentId, timestamp(event.time()), event.id(), orderId)
			.update();
	}

	void markCancelled(String orderId, String reason, EventMetadata event) {
		this.jdbc
			.sql("UPDATE orders SET status = 'CANCELLED', cancel_reason = ?, cancelled_at = ?, version = version + 1, "
					+ "last_event_id = ?, updated_at = now() WHERE order_id = ?")
			.params(reason, timestamp(event.time()), event.id(), orderId)
			.update();
	}

	private Optional<Order> select(String sql, String orderId) {
		return this.jdbc.sql(sql)
			.param(orderId)
			.query((row, number) -> new Order(row.getString("order_id"), row.getString("customer_id"),
					OrderStatus.valueOf(row.getString("status")), row.getBigDecimal("total"), row.getString("currency"),
					row.getInt("line_count"), row.getString("payment_id"), row.getString("cancel_reason"),
					row.getTimestamp("placed_at").toInstant(), row.getInt("version"), row.getString("last_event_id")))
			.optional();
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.from(instant);
	}

}
