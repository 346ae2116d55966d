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
 * needs no order, so it is Shared: its consumers take messages in parallel. It takes them
 * in batches, each logged in one transaction and acknowledged after its commit, with the
 * trace id from each message's {@code traceparent}.
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
		try {
			this.auditLog.record(entries, consumer.getConsumerName());
		}
		catch (DataAccessException ex) {
			logger.warn("Could not log " + messages.size() + " messages; they will be delivered again: " + ex);
			messages.forEach((message) -> acknowledgement.nack(message.getMessageId()));
			messages.forEach((message) -> count(message, "pulsegate.consumer.audit.failed",
					"Messages the audit subscription could not record, delivered again"));
			return;
		}
		acknowledgement.acknowledge(messages.stream().map(Message::getMessageId).toList());
		messages.forEach((message) -> count(message, "pulsegate.consumer.audit.events",
				"Events recorded by the audit subscription"));
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
