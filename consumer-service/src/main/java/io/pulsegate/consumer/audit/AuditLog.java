package io.pulsegate.consumer.audit;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import io.pulsegate.events.MessageProperties;
import org.apache.pulsar.client.api.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code audit_log} table: one row per message, however often it is delivered.
 */
@Repository
class AuditLog {

	private final JdbcClient jdbc;

	AuditLog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Logs messages, those logged already excepted, with one statement however many they
	 * are: one commit for them all. A NUL in an id, type or key is logged as U+FFFD.
	 * @param entries the messages, events or not, with the trace each belongs to
	 * @param consumerName the consumer that received them
	 */
	void record(List<Entry> entries, String consumerName) {
		this.jdbc
			.sql("INSERT INTO audit_log (topic, message_id, event_id, event_type, event_key, consumer_name, "
					+ "published_at, trace_id) SELECT topic, message_id, event_id, event_type, event_key, ?, "
					+ "published_at, trace_id FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
					+ "?::timestamptz[], ?::text[]) AS message (topic, message_id, event_id, event_type, event_key, "
					+ "published_at, trace_id) ON CONFLICT (topic, message_id) DO NOTHING")
			.params(consumerName, column(entries, (entry) -> entry.message().getTopicName()),
					column(entries, (entry) -> entry.message().getMessageId().toString()),
					column(entries, (entry) -> storable(entry.message().getProperty(MessageProperties.ID))),
					column(entries, (entry) -> storable(entry.message().getProperty(MessageProperties.TYPE))),
					column(entries, (entry) -> entry.message().hasKey() ? storable(entry.message().getKey()) : null),
					column(entries, (entry) -> Instant.ofEpochMilli(entry.message().getPublishTime()).toString()),
					column(entries, Entry::traceId))
			.update();
	}

	// PostgreSQL's text holds no NUL, and anyone can publish one in a property or key:
	// the
	// message is logged with U+FFFD in its place rather than redelivered forever.
	private static @Nullable String storable(@Nullable String text) {
		return (text != null) ? text.replace('\u0000', '\uFFFD') : null;
	}

	private static String[] column(List<Entry> entries, Function<Entry, @Nullable String> value) {
		return entries.stream().map(value).toArray(String[]::new);
	}

	/**
	 * A message to log.
	 *
	 * @param message the message, an event or not
	 * @param traceId the trace the message belongs to, if any
	 */
	record Entry(Message<byte[]> message, @Nullable String traceId) {
	}

}
