package io.pulsegate.consumer.events;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pulsegate.consumer.deadletters.DeadLetters;
import io.pulsegate.events.MessageProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.RedeliveryBackoff;
import org.apache.pulsar.client.api.SubscriptionType;
import org.apache.pulsar.client.util.RetryMessageUtil;
import org.apache.pulsar.common.schema.SchemaType;

import org.springframework.pulsar.PulsarException;
import org.springframework.pulsar.annotation.PulsarListener;
import org.springframework.pulsar.listener.AckMode;
import org.springframework.pulsar.listener.Acknowledgement;
import org.springframework.stereotype.Component;

/**
 * Receives events on a Key_Shared subscription, so that replicas and concurrent consumers
 * share the work while each key (an order) is handled by one consumer at a time, in
 * order. Reads each event into its type's record and acknowledges it only after its
 * handler succeeded, which for the projection means after its transaction committed.
 * <ul>
 * <li>A message that is no valid event, or that the handler rejects as one that can never
 * be applied, goes to the dead-letter topic at once, with the reason.</li>
 * <li>A failed event is negatively acknowledged: Pulsar delivers it again with
 * exponential backoff. Where a retry-letter topic is configured, it goes there instead,
 * with the same delay. On its last allowed delivery it goes to the dead-letter topic,
 * with the failure and the number of attempts.</li>
 * </ul>
 * The consumer never stops or blocks on a bad message.
 */
@Component
class EventListener {

	private static final Log logger = LogFactory.getLog(EventListener.class);

	private final EventDecoder decoder;

	private final EventHandler handler;

	private final DeadLetters deadLetters;

	private final MeterRegistry meters;

	private final String subscription;

	private final int maxDeliveries;

	private final boolean retryLetterTopic;

	private final RedeliveryBackoff backoff;

	EventListener(EventDecoder decoder, EventHandler handler, DeadLetters deadLetters, MeterRegistry meters,
			ConsumerProperties properties, RedeliveryBackoff backoff) {
		this.decoder = decoder;
		this.handler = handler;
		this.deadLetters = deadLetters;
		this.meters = meters;
		this.subscription = properties.subscription();
		this.maxDeliveries = properties.maxDeliveries();
		this.retryLetterTopic = properties.retryLetterTopic();
		this.backoff = backoff;
	}

	@PulsarListener(id = "events", topics = "${pulsegate.consumer.topic}",
			subscriptionName = "${pulsegate.consumer.subscription}", subscriptionType = SubscriptionType.Key_Shared,
			ackMode = AckMode.MANUAL, schemaType = SchemaType.BYTES, consumerCustomizer = "redeliveryCustomizer",
			concurrency = "${pulsegate.consumer.concurrency}")
	void onEvent(Message<byte[]> message, Consumer<byte[]> consumer, Acknowledgement acknowledgement) {
		String type = message.getProperty(MessageProperties.TYPE);
		int attempt = attempt(message);
		ReceivedEvent event;
		try {
			event = this.decoder.decode(message);
		}
		catch (PoisonMessageException ex) {
			deadLetter(message, acknowledgement, type, "poison", ex.getMessage(), attempt);
			return;
		}
		long start = System.nanoTime();
		try {
			this.handler.handle(event);
		}
		catch (EventRejectedException ex) {
			count("pulsegate.consumer.events.failed", "Deliveries whose handler failed", type);
			deadLetter(message, acknowledgement, type, "rejected", ex.getMessage(), attempt);
			return;
		}
		// In manual ack mode the container neither acks nor nacks: whatever the handler
		// threw, the event must be retried or dead-lettered here.
		catch (RuntimeException ex) {
			count("pulsegate.consumer.events.failed", "Deliveries whose handler failed", type);
			if (attempt >= this.maxDeliveries) {
				deadLetter(message, acknowledgement, type, "exhausted", String.valueOf(ex), attempt);
			}
			else {
				logger.warn("Event " + event.metadata().id() + " failed on delivery " + attempt + " of "
						+ this.maxDeliveries + "; it will be delivered again: " + ex);
				count("pulsegate.consumer.events.retried", "Failed deliveries that will be delivered again", type);
				retry(message, consumer, acknowledgement, attempt);
			}
			return;
		}
		acknowledgement.acknowledge();
		count("pulsegate.consumer.events.processed", "Events handled and acknowledged", type);
		timer("pulsegate.consumer.handler", "Time the handler took for an event it handled", type)
			.record(Duration.ofNanos(System.nanoTime() - start));
		timer("pulsegate.consumer.end.to.end", "From the event's time to its acknowledgement after handling", type)
			.record(Duration.between(event.metadata().time(), Instant.now()));
	}

	// Deliveries so far: from the retry-letter topic, plus those before it went there.
	private static int attempt(Message<byte[]> message) {
		return message.getRedeliveryCount() + 1
				+ MessageProperties.count(message.getProperty(RetryMessageUtil.SYSTEM_PROPERTY_RECONSUMETIMES));
	}

	private void retry(Message<byte[]> message, Consumer<byte[]> consumer, Acknowledgement acknowledgement,
			int attempt) {
		if (!this.retryLetterTopic) {
			acknowledgement.nack();
			return;
		}
		try {
			// Sends a delayed copy to the retry-letter topic, then acks this one.
			consumer.reconsumeLater(message, this.backoff.next(attempt - 1), TimeUnit.MILLISECONDS);
		}
		catch (PulsarClientException ex) {
			logger.warn("Could not send " + message.getMessageId() + " to the retry-letter topic: " + ex.getMessage());
			acknowledgement.nack();
		}
	}

	private Timer timer(String name, String description, String type) {
		return Timer.builder(name)
			.description(description)
			.tag("type", (type != null) ? type : "unknown")
			.tag("subscription", this.subscription)
			.publishPercentileHistogram()
			.register(this.meters);
	}

	private void deadLetter(Message<byte[]> message, Acknowledgement acknowledgement, String type, String cause,
			String reason, int attempts) {
		try {
			this.deadLetters.send(message, reason, attempts);
		}
		catch (PulsarException ex) {
			// Not dead-lettered, so not acknowledged: it comes back, and Pulsar's own
			// dead-letter policy takes it if this keeps failing.
			logger.warn("Could not dead-letter " + message.getMessageId() + ": " + ex.getMessage());
			acknowledgement.nack();
			return;
		}
		acknowledgement.acknowledge();
		logger.warn("Dead-lettered " + message.getMessageId() + " to " + this.deadLetters.topic() + " after " + attempts
				+ " attempt(s): " + reason);
		Counter.builder("pulsegate.consumer.events.dead.lettered")
			.description("Events moved to the dead-letter topic")
			.tag("type", (type != null) ? type : "unknown")
			.tag("subscription", this.subscription)
			.tag("cause", cause)
			.register(this.meters)
			.increment();
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
