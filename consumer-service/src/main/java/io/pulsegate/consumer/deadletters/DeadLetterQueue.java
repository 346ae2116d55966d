package io.pulsegate.consumer.deadletters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.pulsegate.consumer.events.ConsumerProperties;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionType;
import org.apache.pulsar.client.util.RetryMessageUtil;
import org.apache.pulsar.common.policies.data.SubscriptionStats;

import org.springframework.pulsar.core.PulsarTemplate;
import org.springframework.stereotype.Component;

/**
 * The dead letters still waiting for someone to act on them: those on the dead-letter
 * topic that its {@link DeadLetters#PENDING pending subscription} has not acknowledged.
 * Replaying one publishes it again to the event topic, unchanged but for the dead-letter
 * properties, and then acknowledges it; discarding one only acknowledges it. Replayed
 * events are processed like any other, so the projection applies each at most once.
 */
@Component
class DeadLetterQueue {

	/** Replayed events carry the id they had on the dead-letter topic. */
	static final String REPLAYED_FROM = "pulsegate_replayed_from";

	private static final Set<String> RETRY_PROPERTIES = Set.of(RetryMessageUtil.SYSTEM_PROPERTY_RECONSUMETIMES,
			RetryMessageUtil.SYSTEM_PROPERTY_DELAY_TIME, RetryMessageUtil.SYSTEM_PROPERTY_REAL_TOPIC,
			RetryMessageUtil.PROPERTY_ORIGIN_MESSAGE_ID);

	// Bounds one operation: how many pending letters it looks through.
	private static final int SCAN_LIMIT = 1000;

	private final PulsarClient client;

	private final PulsarAdmin admin;

	private final PulsarTemplate<byte[]> template;

	private final DeadLetters deadLetters;

	private final String eventTopic;

	DeadLetterQueue(PulsarClient client, PulsarAdmin admin, PulsarTemplate<byte[]> template, DeadLetters deadLetters,
			ConsumerProperties properties) {
		this.client = client;
		this.admin = admin;
		this.template = template;
		this.deadLetters = deadLetters;
		this.eventTopic = properties.topic();
	}

	String topic() {
		return this.deadLetters.topic();
	}

	/**
	 * How many letters are pending.
	 * @return the pending subscription's backlog
	 * @throws PulsarAdminException if the broker cannot say
	 */
	long pending() throws PulsarAdminException {
		this.deadLetters.ensurePendingSubscription();
		SubscriptionStats stats = this.admin.topics().getStats(topic()).getSubscriptions().get(DeadLetters.PENDING);
		return (stats != null) ? stats.getMsgBacklog() : 0;
	}

	/**
	 * The oldest pending letters, without their payload.
	 * @param limit how many at most
	 * @return the letters, oldest first
	 * @throws PulsarAdminException if the broker cannot say
	 */
	List<DeadLetter> list(int limit) throws PulsarAdminException {
		return peek(limit).stream().map(DeadLetter::summary).toList();
	}

	/**
	 * One pending letter with its properties and payload.
	 * @param id its message id
	 * @return the letter, or {@code null} if no pending letter has that id
	 * @throws PulsarAdminException if the broker cannot say
	 */
	DeadLetter find(String id) throws PulsarAdminException {
		return peek(SCAN_LIMIT).stream()
			.filter((message) -> id.equals(message.getMessageId().toString()))
			.findFirst()
			.map(DeadLetter::detail)
			.orElse(null);
	}

	/**
	 * Publishes pending letters to the event topic again and acknowledges them.
	 * @param limit how many at most
	 * @param which which letters
	 * @return the letters replayed, oldest first
	 * @throws PulsarClientException if another operation holds the queue or the broker
	 * failed; letters not replayed stay pending
	 * @throws PulsarAdminException if the broker cannot say how many are pending
	 */
	List<DeadLetter> replay(int limit, Predicate<String> which) throws PulsarClientException, PulsarAdminException {
		return take(limit, which, true);
	}

	/**
	 * Acknowledges pending letters without replaying them.
	 * @param limit how many at most
	 * @param which which letters
	 * @return the letters discarded
	 * @throws PulsarClientException if another operation holds the queue or the broker
	 * failed
	 * @throws PulsarAdminException if the broker cannot say how many are pending
	 */
	List<DeadLetter> discard(int limit, Predicate<String> which) throws PulsarClientException, PulsarAdminException {
		return take(limit, which, false);
	}

	private List<Message<byte[]>> peek(int limit) throws PulsarAdminException {
		long pending = pending();
		if (pending == 0) {
			return List.of();
		}
		return this.admin.topics().peekMessages(topic(), DeadLetters.PENDING, (int) Math.min(limit, pending));
	}

	// An exclusive consumer, so that one operation at a time takes letters; those it
	// receives but does not take go back to the subscription when it closes.
	private List<DeadLetter> take(int limit, Predicate<String> which, boolean replay)
			throws PulsarClientException, PulsarAdminException {
		long pending = Math.min(pending(), SCAN_LIMIT);
		List<DeadLetter> taken = new ArrayList<>();
		try (Consumer<byte[]> consumer = this.client.newConsumer(Schema.BYTES)
			.topic(topic())
			.subscriptionName(DeadLetters.PENDING)
			.subscriptionType(SubscriptionType.Exclusive)
			.subscribe()) {
			for (long scanned = 0; scanned < pending && taken.size() < limit; scanned++) {
				Message<byte[]> letter = consumer.receive(10, TimeUnit.SECONDS);
				if (letter == null) {
					break;
				}
				if (which.test(letter.getMessageId().toString())) {
					if (replay) {
						republish(letter);
					}
					consumer.acknowledge(letter);
					taken.add(DeadLetter.summary(letter));
				}
			}
		}
		return taken;
	}

	private void republish(Message<byte[]> letter) {
		Map<String, String> properties = new HashMap<>(letter.getProperties());
		properties.keySet().removeAll(DeadLetters.PROPERTIES);
		// A replayed event starts again with a full set of attempts.
		properties.keySet().removeAll(RETRY_PROPERTIES);
		properties.put(REPLAYED_FROM, letter.getMessageId().toString());
		this.template.newMessage(letter.getData())
			.withTopic(this.eventTopic)
			.withSchema(Schema.BYTES)
			.withMessageCustomizer(DeadLetters.copyOf(letter, properties))
			.send();
	}

}
