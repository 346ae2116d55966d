package io.pulsegate.consumer.audit;

import java.sql.Timestamp;
import java.time.Instant;

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
	 * Logs a message unless it was logged already. A NUL in its id, type or key is logged
	 * as U+FFFD.
	 * @param message the message, an event or not
	 * @param consumerName the consumer that received it
	 * @param traceId the trace the message was received in, if any
	 */
	void record(Message<byte[]> message, String consumerName, @Nullable String traceId) {
		this.jdbc.sql("INSERT INTO audit_log (topic, message_id, event_id, event_type, event_key, consumer_name, "
				+ "published_at, trace_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (topic, message_id) DO NOTHING")
			.params(message.getTopicName(), message.getMessageId().toString(),
					storable(message.getProperty(MessageProperties.ID)),
					storable(message.getProperty(MessageProperties.TYPE)),
					message.hasKey() ? storable(message.getKey()) : null, consumerName,
					Timestamp.from(Instant.ofEpochMilli(message.getPublishTime())), traceId)
			.update();
	}

	// PostgreSQL's text holds no NUL, and anyone can publish one in a property or key:
	// the
	// message is logged with U+FFFD in its place rather than redelivered forever.
	private static @Nullable String storable(@Nullable String text) {
		return (text != null) ? text.replace('\u0000', '\uFFFD') : null;
	}

}
