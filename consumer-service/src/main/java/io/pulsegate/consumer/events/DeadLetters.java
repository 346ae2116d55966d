package io.pulsegate.consumer.events;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Schema;

import org.springframework.pulsar.core.PulsarTemplate;
import org.springframework.stereotype.Component;

/**
 * Moves an event that cannot be handled to the subscription's dead-letter topic,
 * unchanged but for properties that say why, after how many attempts, and where it came
 * from.
 */
@Component
class DeadLetters {

	/** Why the event was dead-lettered. */
	static final String REASON = "pulsegate_dead_letter_reason";

	/** How often it was delivered before it was dead-lettered. */
	static final String ATTEMPTS = "pulsegate_dead_letter_attempts";

	/** The subscription that gave up on it. */
	static final String SUBSCRIPTION = "pulsegate_dead_letter_subscription";

	/** The topic and message id it had. */
	static final String ORIGIN = "pulsegate_dead_letter_origin";

	private final PulsarTemplate<byte[]> template;

	private final String topic;

	private final String subscription;

	DeadLetters(PulsarTemplate<byte[]> template, ConsumerProperties properties) {
		this.template = template;
		this.topic = properties.deadLetterTopic();
		this.subscription = properties.subscription();
	}

	String topic() {
		return this.topic;
	}

	/**
	 * Publishes the event to the dead-letter topic and waits for the broker's
	 * acknowledgement, so that the original may be acknowledged after.
	 * @param message the event's message
	 * @param reason why it is dead-lettered
	 * @param attempts how often it was delivered
	 */
	void send(Message<byte[]> message, String reason, int attempts) {
		Map<String, String> properties = new LinkedHashMap<>(message.getProperties());
		properties.put(REASON, reason);
		properties.put(ATTEMPTS, Integer.toString(attempts));
		properties.put(SUBSCRIPTION, this.subscription);
		properties.put(ORIGIN, message.getTopicName() + "@" + message.getMessageId());
		this.template.newMessage(message.getData())
			.withTopic(this.topic)
			.withSchema(Schema.BYTES)
			.withMessageCustomizer((letter) -> {
				if (message.hasKey()) {
					letter.key(message.getKey());
				}
				if (message.getEventTime() > 0) {
					letter.eventTime(message.getEventTime());
				}
				letter.properties(properties);
			})
			.send();
	}

}
