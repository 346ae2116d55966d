package io.pulsegate.consumer.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.events.MessageProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.SubscriptionType;
import org.apache.pulsar.common.schema.SchemaType;

import org.springframework.pulsar.annotation.PulsarListener;
import org.springframework.pulsar.listener.AckMode;
import org.springframework.pulsar.listener.Acknowledgement;
import org.springframework.stereotype.Component;

/**
 * A second, independent subscription on the same events: an audit log that sees every
 * message, valid or not, whatever the main subscription makes of it and however fast.
 */
@Component
class AuditListener {

	private static final Log logger = LogFactory.getLog(AuditListener.class);

	private final MeterRegistry meters;

	private final String subscription;

	AuditListener(MeterRegistry meters, ConsumerProperties properties) {
		this.meters = meters;
		this.subscription = properties.auditSubscription();
	}

	@PulsarListener(id = "audit", topics = "${pulsegate.consumer.topic}",
			subscriptionName = "${pulsegate.consumer.audit-subscription}", subscriptionType = SubscriptionType.Shared,
			ackMode = AckMode.MANUAL, schemaType = SchemaType.BYTES, consumerCustomizer = "auditCustomizer")
	void onEvent(Message<byte[]> message, Acknowledgement acknowledgement) {
		String type = message.getProperty(MessageProperties.TYPE);
		if (logger.isDebugEnabled()) {
			logger.debug("Audit: " + type + " " + message.getProperty(MessageProperties.ID) + " key " + message.getKey()
					+ " at " + message.getMessageId());
		}
		Counter.builder("pulsegate.consumer.audit.events")
			.description("Events seen by the audit subscription")
			.tag("type", (type != null) ? type : "unknown")
			.tag("subscription", this.subscription)
			.register(this.meters)
			.increment();
		acknowledgement.acknowledge();
	}

}
