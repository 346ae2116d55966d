package io.pulsegate.consumer.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.events.EventMetadata;
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
 * Receives events on a Shared subscription, so that replicas share the work, and
 * acknowledges each one only after its handler succeeded. A failed event is negatively
 * acknowledged: Pulsar delivers it again with exponential backoff, and moves it to the
 * dead-letter topic after the configured number of deliveries.
 */
@Component
class EventListener {

	private static final Log logger = LogFactory.getLog(EventListener.class);

	private final EventHandler handler;

	private final MeterRegistry meters;

	private final String subscription;

	EventListener(EventHandler handler, MeterRegistry meters, ConsumerProperties properties) {
		this.handler = handler;
		this.meters = meters;
		this.subscription = properties.subscription();
	}

	@PulsarListener(id = "events", topics = "${pulsegate.consumer.topic}",
			subscriptionName = "${pulsegate.consumer.subscription}", subscriptionType = SubscriptionType.Shared,
			ackMode = AckMode.MANUAL, schemaType = SchemaType.BYTES, consumerCustomizer = "redeliveryCustomizer")
	void onEvent(Message<byte[]> message, Acknowledgement acknowledgement) {
		String type = message.getProperty(MessageProperties.TYPE);
		try {
			EventMetadata metadata = EventMetadata.fromMessage(message.getProperties(), message.getKey(),
					message.getEventTime());
			this.handler.handle(new ReceivedEvent(metadata, message.getData(), message.getRedeliveryCount()));
		}
		// In manual ack mode the container neither acks nor nacks: a failure must be
		// nacked here, whatever the handler threw, or the event would wait for a restart.
		catch (RuntimeException ex) {
			logger.warn("Event " + message.getMessageId() + " failed on delivery " + (message.getRedeliveryCount() + 1)
					+ "; it will be delivered again: " + ex);
			count("pulsegate.consumer.events.failed", "Deliveries whose handler failed", type);
			acknowledgement.nack();
			return;
		}
		acknowledgement.acknowledge();
		count("pulsegate.consumer.events.processed", "Events handled and acknowledged", type);
	}

	private void count(String name, String description, String type) {
		Counter.builder(name)
			.description(description)
			.tag("type", (type != null) ? type : "unknown")
			.tag("subscription", this.subscription)
			.register(this.meters)
			.increment();
	}

}
