package io.pulsegate.consumer.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.pulsegate.events.MessageProperties;
import org.apache.pulsar.client.api.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code audit_log} table: one row per message, however often it is delivered.
 */
@Repository
class AuditLog {

	private static final String INSERT = "INSERT INTO audit_log (topic, message_id, event_id, event_type, event_key, "
			+ "consumer_name, published_at, trace_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
			+ "ON CONFLICT (topic, message_id) DO NOTHING";

	private final JdbcTemplate jdbc;

	AuditLog(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Logs messages, those logged already excepted, in one JDBC batch and one
	 * transaction: one commit for them all.
	 * @param entries the messages, events or not, with the trace each was received in
	 * @param consumerName the consumer that received them
	 */
	@Transactional
	void record(List<Entry> entries, String consumerName) {
		this.jdbc.batchUpdate(INSERT, entries.stream().map((entry) -> entry.row(consumerName)).toList());
	}

	/**
	 * A message to log.
	 *
	 * @param message the message, an event or not
	 * @param traceId the trace the message was received in, if any
	 */
	record Entry(Message<byte[]> message, @Nullable String traceId) {

		private Object[] row(String consumerName) {
			return new Object[] { this.message.getTopicName(), this.message.getMessageId().toString(),
					this.message.getProperty(MessageProperties.ID), this.message.getProperty(MessageProperties.TYPE),
					this.message.hasKey() ? this.message.getKey() : null, consumerName,
					Timestamp.from(Instant.ofEpochMilli(this.message.getPublishTime())), this.traceId };
		}

	}

}
