package io.pulsegate.consumer.audit;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.consumer.events.ConsumerProperties;
import io.pulsegate.events.MessageProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.SubscriptionType;
import org.apache.pulsar.common.schema.SchemaType;

import org.springframework.dao.DataAccessException;
import org.springframework.pulsar.annotation.PulsarListener;
import org.springframework.pulsar.listener.AckMode;
import org.springframework.pulsar.listener.Acknowledgement;
import org.springframework.stereotype.Component;

/**
 * A second, independent subscription on the same events: an audit log that records every
 * message, valid or not, whatever the main subscription makes of it and however fast. It
 * needs no order, so it is Shared: its consumers take messages in parallel.
 * <p>
 * It takes them in batches, logs a batch with one statement, and acknowledges it after
 * that committed, with the trace id from each message's {@code traceparent}. If the
 * database refuses the batch, its messages are logged one at a time, so that a message it
 * refuses holds back only itself: that one is negatively acknowledged and delivered again
 * later.
 */
@Component
class AuditListener {

	private static final Log logger = LogFactory.getLog(AuditListener.class);

	private final AuditLog auditLog;

	private final MeterRegistry meters;

	private final String subscription;

	AuditListener(AuditLog auditLog, MeterRegistry meters, ConsumerProperties properties) {
		this.auditLog = auditLog;
		this.meters = meters;
		this.subscription = properties.auditSubscription();
	}

	@PulsarListener(id = "audit", topics = "${pulsegate.consumer.topic}",
			subscriptionName = "${pulsegate.consumer.audit-subscription}", subscriptionType = SubscriptionType.Shared,
			ackMode = AckMode.MANUAL, schemaType = SchemaType.BYTES, consumerCustomizer = "auditCustomizer",
			concurrency = "${pulsegate.consumer.audit-concurrency}", batch = true)
	void onEvents(List<Message<byte[]>> messages, Consumer<byte[]> consumer, Acknowledgement acknowledgement) {
		List<AuditLog.Entry> entries = messages.stream()
			.map((message) -> new AuditLog.Entry(message,
					TraceParent.traceId(message.getProperty(TraceParent.PROPERTY))))
			.toList();
		if (entries.size() > 1 && record(entries, consumer)) {
			acknowledgement.acknowledge(messages.stream().map(Message::getMessageId).toList());
			messages.forEach(this::recorded);
			return;
		}
		for (AuditLog.Entry entry : entries) {
			Message<byte[]> message = entry.message();
			if (record(List.of(entry), consumer)) {
				acknowledgement.acknowledge(message.getMessageId());
				recorded(message);
			}
			else {
				// The message itself, not its id: Pulsar takes the backoff from its
				// redelivery count.
				consumer.negativeAcknowledge(message);
				count(message, "pulsegate.consumer.audit.failed",
						"Messages the audit subscription could not record, delivered again");
			}
		}
	}

	private boolean record(List<AuditLog.Entry> entries, Consumer<byte[]> consumer) {
		try {
			this.auditLog.record(entries, consumer.getConsumerName());
			return true;
		}
		catch (DataAccessException ex) {
			if (entries.size() == 1) {
				logger.warn("Could not log " + entries.get(0).message().getMessageId()
						+ "; it will be delivered again: " + ex);
			}
			return false;
		}
	}

	private void recorded(Message<byte[]> message) {
		count(message, "pulsegate.consumer.audit.events", "Events recorded by the audit subscription");
	}

	private void count(Message<byte[]> message, String name, String description) {
		String type = message.getProperty(MessageProperties.TYPE);
		Counter.builder(name)
			.description(description)
			.tag("type", (type != null) ? type : "unknown")
			.tag("subscription", this.subscription)
			.register(this.meters)
			.increment();
	}

}
