package io.pulsegate.consumer.orders;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.pulsegate.consumer.orders.OrderChanges.Written;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code orders} table. An order's version counts the events applied to it, and its
 * last event is recorded. Each method is one statement however many orders it is given:
 * rows go as arrays, which PostgreSQL unnests.
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
	 * Writes what a batch did to orders, with one statement: inserts the orders it placed
	 * and updates those it changed, each in its state after the batch.
	 * @param placed the orders placed, which must not exist yet
	 * @param changed orders that exist, locked, and were changed
	 * @return the ids of the orders inserted: not those that exist already
	 */
	Set<String> write(List<Written> placed, List<Written> changed) {
		return new HashSet<>(this.jdbc.sql("WITH placed AS (INSERT INTO orders (order_id, customer_id, status, total, "
				+ "currency, line_count, payment_id, cancel_reason, placed_at, paid_at, cancelled_at, version, "
				+ "last_event_id) SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::numeric[], ?::text[], "
				+ "?::int[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::int[], "
				+ "?::text[]) ON CONFLICT (order_id) DO NOTHING RETURNING order_id), "
				+ "changed AS (UPDATE orders SET status = after.status, payment_id = after.payment_id, "
				+ "paid_at = coalesce(after.paid_at, orders.paid_at), cancel_reason = after.cancel_reason, "
				+ "cancelled_at = coalesce(after.cancelled_at, orders.cancelled_at), version = after.version, "
				+ "last_event_id = after.last_event_id, updated_at = now() FROM unnest(?::text[], ?::text[], "
				+ "?::text[], ?::timestamptz[], ?::text[], ?::timestamptz[], ?::int[], ?::text[]) AS after (order_id, "
				+ "status, payment_id, paid_at, cancel_reason, cancelled_at, version, last_event_id) "
				+ "WHERE orders.order_id = after.order_id) SELECT order_id FROM placed")
			.params(column(placed, (order) -> order.order().orderId()),
					column(placed, (order) -> order.order().customerId()),
					column(placed, (order) -> order.order().status().name()),
					column(placed, (order) -> order.order().total().toPlainString()),
					column(placed, (order) -> order.order().currency()),
					placed.stream().mapToInt((order) -> order.order().lineCount()).toArray(),
					column(placed, (order) -> order.order().paymentId()),
					column(placed, (order) -> order.order().cancelReason()),
					column(placed, (order) -> order.order().placedAt().toString()),
					column(placed, (order) -> text(order.paidAt())),
					column(placed, (order) -> text(order.cancelledAt())),
					placed.stream().mapToInt((order) -> order.order().version()).toArray(),
					column(placed, (order) -> order.order().lastEventId()),
					column(changed, (order) -> order.order().orderId()),
					column(changed, (order) -> order.order().status().name()),
					column(changed, (order) -> order.order().paymentId()),
					column(changed, (order) -> text(order.paidAt())),
					column(changed, (order) -> order.order().cancelReason()),
					column(changed, (order) -> text(order.cancelledAt())),
					changed.stream().mapToInt((order) -> order.order().version()).toArray(),
					column(changed, (order) -> order.order().lastEventId()))
			.query(String.class)
			.list());
	}

	private static @Nullable String text(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	private static <T> String[] column(List<T> rows, Function<T, @Nullable String> value) {
		return rows.stream().map(value).toArray(String[]::new);
	}

}
