package io.pulsegate.consumer.orders;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.pulsegate.consumer.orders.OrderChanges.Cancellation;
import io.pulsegate.consumer.orders.OrderChanges.Payment;
import io.pulsegate.consumer.orders.OrderChanges.Placement;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code orders} table. Each write raises the order's version and records the event
 * that made it. Writes go in JDBC batches, which PostgreSQL's driver sends in few round
 * trips however many rows they hold.
 */
@Repository
class Orders {

	private static final String COLUMNS = "order_id, customer_id, status, total, currency, line_count, payment_id, "
			+ "cancel_reason, placed_at, version, last_event_id";

	private static final RowMapper<Order> ORDER = (row, number) -> new Order(row.getString("order_id"),
			row.getString("customer_id"), OrderStatus.valueOf(row.getString("status")), row.getBigDecimal("total"),
			row.getString("currency"), row.getInt("line_count"), row.getString("payment_id"),
			row.getString("cancel_reason"), row.getTimestamp("placed_at").toInstant(), row.getInt("version"),
			row.getString("last_event_id"));

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	Orders(JdbcClient jdbc, JdbcTemplate batches) {
		this.jdbc = jdbc;
		this.batches = batches;
	}

	Optional<Order> find(String orderId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE order_id = ?")
			.param(orderId)
			.query(ORDER)
			.optional();
	}

	/**
	 * Reads orders and locks their rows until the transaction ends, in the order of their
	 * ids, so that two transactions locking some of the same orders cannot deadlock.
	 * @param orderIds the orders
	 * @return those that were placed, by order id
	 */
	Map<String, Order> lock(Collection<String> orderIds) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE order_id IN (:ids) ORDER BY order_id FOR UPDATE")
			.param("ids", orderIds)
			.query(ORDER)
			.list()
			.stream()
			.collect(Collectors.toMap(Order::orderId, Function.identity()));
	}

	/**
	 * Inserts newly placed orders.
	 * @param placements the orders' placements
	 * @return for each, whether it was inserted: {@code false} if the order exists
	 */
	boolean[] insert(List<Placement> placements) {
		int[] inserted = this.batches.batchUpdate(
				"INSERT INTO orders (order_id, customer_id, status, total, currency, line_count, placed_at, version, "
						+ "last_event_id) VALUES (?, ?, 'PLACED', ?, ?, ?, ?, 1, ?) ON CONFLICT (order_id) DO NOTHING",
				placements.stream()
					.map((placement) -> new Object[] { placement.order().orderId(), placement.order().customerId(),
							placement.order().total(), placement.order().currency(), placement.order().lines().size(),
							timestamp(placement.event().time()), placement.event().id() })
					.toList());
		boolean[] result = new boolean[inserted.length];
		for (int i = 0; i < inserted.length; i++) {
			result[i] = inserted[i] == 1;
		}
		return result;
	}

	void markPaid(List<Payment> payments) {
		this.batches.batchUpdate(
				"UPDATE orders SET status = 'PAID', payment_id = ?, paid_at = ?, version = version + 1, "
						+ "last_event_id = ?, updated_at = now() WHERE order_id = ?",
				payments.stream()
					.map((payment) -> new Object[] { payment.paymentId(), timestamp(payment.event().time()),
							payment.event().id(), payment.orderId() })
					.toList());
	}

	void markCancelled(List<Cancellation> cancellations) {
		this.batches.batchUpdate(
				"UPDATE orders SET status = 'CANCELLED', cancel_reason = ?, cancelled_at = ?, version = version + 1, "
						+ "last_event_id = ?, updated_at = now() WHERE order_id = ?",
				cancellations.stream()
					.map((cancellation) -> new Object[] { cancellation.reason(), timestamp(cancellation.event().time()),
							cancellation.event().id(), cancellation.orderId() })
					.toList());
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.from(instant);
	}

}
