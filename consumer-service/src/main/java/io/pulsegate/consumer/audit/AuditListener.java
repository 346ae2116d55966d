package io.pulsegate.consumer.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.pulsegate.consumer.events.ConsumerProperties;
import io.pulsegate.events.MessageProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.SubscriptionType;
import org.apache.pulsar.common.schema.SchemaType;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.pulsar.annotation.PulsarListener;
import org.springframework.pulsar.listener.AckMode;
import org.springframework.pulsar.listener.Acknowledgement;
import org.springframework.stereotype.Component;

/**
 * A second, independent subscription on the same events: an audit log that records every
 * message, valid or not, whatever the main subscription makes of it and however fast. It
 * needs no order, so it is Shared: its consumers take messages in parallel.
 */
@Component
class AuditListener {

	private static final Log logger = LogFactory.getLog(AuditListener.class);

	private final AuditLog auditLog;

	private final Tracer tracer;

	private final MeterRegistry meters;

	private final String subscription;

	AuditListener(AuditLog auditLog, ObjectProvider<Tracer> tracer, MeterRegistry meters,
			ConsumerProperties properties) {
		this.auditLog = auditLog;
		// Tests switch tracing off, and with it the tracer.
		this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
		this.meters = meters;
		this.subscription = properties.auditSubscription();
	}

	@PulsarListener(id = "audit", topics = "${pulsegate.consumer.topic}",
			subscriptionName = "${pulsegate.consumer.audit-subscription}", subscriptionType = SubscriptionType.Shared,
			ackMode = AckMode.MANUAL, schemaType = SchemaType.BYTES, consumerCustomizer = "auditCustomizer",
			concurrency = "${pulsegate.consumer.audit-concurrency}")
	void onEvent(Message<byte[]> message, Consumer<byte[]> consumer, Acknowledgement acknowledgement) {
		String type = message.getProperty(MessageProperties.TYPE);
		try {
			this.auditLog.record(message, consumer.getConsumerName(), traceId());
		}
		catch (DataAccessException ex) {
			logger.warn("Could not log " + message.getMessageId() + "; it will be delivered again: " + ex);
			acknowledgement.nack();
			return;
		}
		acknowledgement.acknowledge();
		Counter.builder("pulsegate.consumer.audit.events")
			.description("Events recorded by the audit subscription")
			.tag("type", (type != null) ? type : "unknown")
			.tag("subscription", this.subscription)
			.register(this.meters)
			.increment();
	}

	// The listener's observation continued the trace from the message's traceparent.
	private @Nullable String traceId() {
		Span span = this.tracer.currentSpan();
		return (span != null) ? span.context().traceId() : null;
	}

}
