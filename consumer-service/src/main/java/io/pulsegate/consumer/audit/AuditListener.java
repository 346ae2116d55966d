package io.pulsegate.consumer.audit;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.pulsegate.consumer.events.ConsumerProperties;
import io.pulsegate.consumer.events.ListenerObservations;
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
 * needs no order, so it is Shared: its consumers take messages in parallel. It takes them
 * in batches, each logged in one transaction and acknowledged after its commit.
 */
@Component
class AuditListener {

	private static final String ID = "audit";

	private static final Log logger = LogFactory.getLog(AuditListener.class);

	private final AuditLog auditLog;

	private final ListenerObservations observations;

	private final Tracer tracer;

	private final MeterRegistry meters;

	private final String subscription;

	AuditListener(AuditLog auditLog, ListenerObservations observations, ObjectProvider<Tracer> tracer,
			MeterRegistry meters, ConsumerProperties properties) {
		this.auditLog = auditLog;
		this.observations = observations;
		// Tests switch tracing off, and with it the tracer.
		this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
		this.meters = meters;
		this.subscription = properties.auditSubscription();
	}

	@PulsarListener(id = ID, topics = "${pulsegate.consumer.topic}",
			subscriptionName = "${pulsegate.consumer.audit-subscription}", subscriptionType = SubscriptionType.Shared,
			ackMode = AckMode.MANUAL, schemaType = SchemaType.BYTES, consumerCustomizer = "auditCustomizer",
			concurrency = "${pulsegate.consumer.audit-concurrency}", batch = true)
	void onEvents(List<Message<byte[]>> messages, Consumer<byte[]> consumer, Acknowledgement acknowledgement) {
		List<Observation> observations = new ArrayList<>(messages.size());
		List<AuditLog.Entry> entries = new ArrayList<>(messages.size());
		for (Message<byte[]> message : messages) {
			Observation observation = this.observations.start(message, ID);
			observations.add(observation);
			entries.add(new AuditLog.Entry(message, observation.scoped(this::traceId)));
		}
		try {
			this.auditLog.record(entries, consumer.getConsumerName());
		}
		catch (DataAccessException ex) {
			logger.warn("Could not log " + messages.size() + " messages; they will be delivered again: " + ex);
			messages.forEach((message) -> acknowledgement.nack(message.getMessageId()));
			observations.forEach(Observation::stop);
			return;
		}
		acknowledgement.acknowledge(messages.stream().map(Message::getMessageId).toList());
		messages.forEach(this::count);
		observations.forEach(Observation::stop);
	}

	private void count(Message<byte[]> message) {
		String type = message.getProperty(MessageProperties.TYPE);
		Counter.builder("pulsegate.consumer.audit.events")
			.description("Events recorded by the audit subscription")
			.tag("type", (type != null) ? type : "unknown")
			.tag("subscription", this.subscription)
			.register(this.meters)
			.increment();
	}

	// The message's observation continued the trace from its traceparent.
	private @Nullable String traceId() {
		Span span = this.tracer.currentSpan();
		return (span != null) ? span.context().traceId() : null;
	}

}
