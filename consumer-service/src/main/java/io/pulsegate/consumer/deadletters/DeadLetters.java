package io.pulsegate.consumer.deadletters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.pulsegate.consumer.events.ConsumerProperties;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.ProducerBuilder;
import org.apache.pulsar.client.api.Schema;

import org.springframework.pulsar.PulsarException;
import org.springframework.pulsar.core.ProducerBuilderCustomizer;
import org.springframework.pulsar.core.PulsarTemplate;
import org.springframework.pulsar.core.TypedMessageBuilderCustomizer;
import org.springframework.stereotype.Component;

/**
 * Moves an event that cannot be handled to the subscription's dead-letter topic,
 * unchanged but for properties that say why, after how many attempts, and where it came
 * from. A subscription on that topic keeps every letter until it is replayed or discarded
 * (see {@link DeadLetterQueue}).
 */
@Component
public class DeadLetters {

	/** One message per entry, so that a letter's id is as simple as can be. */
	private static final ProducerBuilderCustomizer<byte[]> NO_BATCHING = new NoBatching();

	/** Why the event was dead-lettered. */
	public static final String REASON = "pulsegate_dead_letter_reason";

	/** How often it was delivered before it was dead-lettered. */
	public static final String ATTEMPTS = "pulsegate_dead_letter_attempts";

	/** The subscription that gave up on it. */
	public static final String SUBSCRIPTION = "pulsegate_dead_letter_subscription";

	/** The topic and message id it had. */
	public static final String ORIGIN = "pulsegate_dead_letter_origin";

	/** The subscription on the dead-letter topic that holds letters not acted on yet. */
	public static final String PENDING = "pulsegate-pending";

	static final Set<String> PROPERTIES = Set.of(REASON, ATTEMPTS, SUBSCRIPTION, ORIGIN);

	private final PulsarTemplate<byte[]> template;

	private final PulsarAdmin admin;

	private final String topic;

	private final String subscription;

	private volatile boolean pendingSubscriptionExists;

	DeadLetters(PulsarTemplate<byte[]> template, PulsarAdmin admin, ConsumerProperties properties) {
		this.template = template;
		this.admin = admin;
		this.topic = properties.deadLetterTopic();
		this.subscription = properties.subscription();
	}

	public String topic() {
		return this.topic;
	}

	/**
	 * Publishes the event to the dead-letter topic and waits for the broker's
	 * acknowledgement, so that the original may be acknowledged after.
	 * @param message the event's message
	 * @param reason why it is dead-lettered
	 * @param attempts how often it was delivered
	 * @throws PulsarException if the broker did not take it
	 */
	public void send(Message<byte[]> message, String reason, int attempts) {
		ensurePendingSubscription();
		Map<String, String> properties = new LinkedHashMap<>(message.getProperties());
		properties.put(REASON, reason);
		properties.put(ATTEMPTS, Integer.toString(attempts));
		properties.put(SUBSCRIPTION, this.subscription);
		properties.put(ORIGIN, message.getTopicName() + "@" + message.getMessageId());
		this.template.newMessage(message.getData())
			.withTopic(this.topic)
			.withSchema(Schema.BYTES)
			.withProducerCustomizer(NO_BATCHING)
			.withMessageCustomizer(copyOf(message, properties))
			.send();
	}

	/**
	 * Gives a new message the key and event time of another, and the given properties.
	 * @param original the message whose key and event time to keep
	 * @param properties the new message's properties
	 * @return a customizer for the new message
	 */
	static TypedMessageBuilderCustomizer<byte[]> copyOf(Message<byte[]> original, Map<String, String> properties) {
		return (message) -> {
			if (original.hasKey()) {
				message.key(original.getKey());
			}
			if (original.getEventTime() > 0) {
				message.eventTime(original.getEventTime());
			}
			message.properties(properties);
		};
	}

	/**
	 * Creates the pending subscription from the start of the topic, if it does not exist,
	 * before any letter is written: a topic without subscriptions keeps nothing.
	 * @throws PulsarException if the broker cannot create it
	 */
	void ensurePendingSubscription() {
		if (this.pendingSubscriptionExists) {
			return;
		}
		try {
			this.admin.topics().createSubscription(this.topic, PENDING, MessageId.earliest);
		}
		catch (PulsarAdminException.ConflictException ex) {
			// Created before, by this or another replica.
		}
		catch (PulsarAdminException.PreconditionFailedException ex) {
			// "Subscription Busy": another replica or listener is creating it right now.
			requirePendingSubscription(ex);
		}
		catch (PulsarAdminException ex) {
			throw new PulsarException("Cannot create subscription " + PENDING + " on " + this.topic, ex);
		}
		this.pendingSubscriptionExists = true;
	}

	private void requirePendingSubscription(PulsarAdminException creation) {
		try {
			if (!this.admin.topics().getSubscriptions(this.topic).contains(PENDING)) {
				throw new PulsarException("Cannot create subscription " + PENDING + " on " + this.topic, creation);
			}
		}
		catch (PulsarAdminException ex) {
			ex.addSuppressed(creation);
			throw new PulsarException("Cannot create subscription " + PENDING + " on " + this.topic, ex);
		}
	}

	/**
	 * A class, not a lambda: Spring Pulsar warns of possible producer cache misses on
	 * every thousandth send with a lambda customizer.
	 */
	private static final class NoBatching implements ProducerBuilderCustomizer<byte[]> {

		@Override
		public void customize(ProducerBuilder<byte[]> producer) {
			producer.enableBatching(false);
		}

	}

}
