package io.pulsegate.consumer.orders;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.pulsegate.consumer.orders.OrderChanges.Cancellation;
import io.pulsegate.consumer.orders.OrderChanges.Payment;
import io.pulsegate.consumer.orders.OrderChanges.Placement;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code orders} table. Each write raises the order's version and records the event
 * that made it. Each method is one statement however many orders it is given: rows go as
 * arrays, which PostgreSQL unnests.
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

	Orders(JdbcClient jdbc) {
		this.jdbc = jdbc;
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
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM orders WHERE order_id = ANY (?::text[]) ORDER BY order_id FOR UPDATE")
			.param(orderIds.toArray(String[]::new))
			.query(ORDER)
			.list()
			.stream()
			.collect(Collectors.toMap(Order::orderId, Function.identity()));
	}

	/**
	 * Inserts newly placed orders.
	 * @param placements the orders' placements, one per order
	 * @return the ids of the orders inserted: not those that exist already
	 */
	Set<String> insert(List<Placement> placements) {
		return new HashSet<>(this.jdbc
			.sql("INSERT INTO orders (order_id, customer_id, status, total, currency, line_count, placed_at, version, "
					+ "last_event_id) SELECT order_id, customer_id, 'PLACED', total, currency, line_count, placed_at, 1, "
					+ "event_id FROM unnest(?::text[], ?::text[], ?::numeric[], ?::text[], ?::int[], "
					+ "?::timestamptz[], ?::text[]) AS placed (order_id, customer_id, total, currency, line_count, "
					+ "placed_at, event_id) ON CONFLICT (order_id) DO NOTHING RETURNING order_id")
			.params(column(placements, (placement) -> placement.order().orderId()),
					column(placements, (placement) -> placement.order().customerId()),
					column(placements, (placement) -> placement.order().total().toPlainString()),
					column(placements, (placement) -> placement.order().currency()),
					placements.stream().mapToInt((placement) -> placement.order().lines().size()).toArray(),
					column(placements, (placement) -> placement.event().time().toString()),
					column(placements, (placement) -> placement.event().id()))
			.query(String.class)
			.list());
	}

	/**
	 * Marks orders paid.
	 * @param payments the payments, at most one per order
	 */
	void markPaid(List<Payment> payments) {
		this.jdbc
			.sql("UPDATE orders SET status = 'PAID', payment_id = paid.payment_id, paid_at = paid.paid_at, "
					+ "version = version + 1, last_event_id = paid.event_id, updated_at = now() "
					+ "FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::text[]) "
					+ "AS paid (order_id, payment_id, paid_at, event_id) WHERE orders.order_id = paid.order_id")
			.params(column(payments, Payment::orderId), column(payments, Payment::paymentId),
					column(payments, (payment) -> payment.event().time().toString()),
					column(payments, (payment) -> payment.event().id()))
			.update();
	}

	/**
	 * Marks orders cancelled.
	 * @param cancellations the cancellations, at most one per order
	 */
	void markCancelled(List<Cancellation> cancellations) {
		this.jdbc
			.sql("UPDATE orders SET status = 'CANCELLED', cancel_reason = cancelled.reason, "
					+ "cancelled_at = cancelled.cancelled_at, version = version + 1, "
					+ "last_event_id = cancelled.event_id, updated_at = now() "
					+ "FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::text[]) "
					+ "AS cancelled (order_id, reason, cancelled_at, event_id) "
					+ "WHERE orders.order_id = cancelled.order_id")
			.params(column(cancellations, Cancellation::orderId), column(cancellations, Cancellation::reason),
					column(cancellations, (cancellation) -> cancellation.event().time().toString()),
					column(cancellations, (cancellation) -> cancellation.event().id()))
			.update();
	}

	private static <T> String[] column(List<T> rows, Function<T, String> value) {
		return rows.stream().map(value).toArray(String[]::new);
	}

}
