package io.pulsegate.consumer.events;

import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.pulsar.PulsarException;
import org.springframework.pulsar.annotation.PulsarListener;
import org.springframework.pulsar.listener.AckMode;
import org.springframework.pulsar.listener.Acknowledgement;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Receives events on a Key_Shared subscription, so that replicas and concurrent consumers
 * share the work while each key (an order) is handled by one consumer at a time, in
 * order. Reads each event into its type's record and acknowledges it only after its
 * handler succeeded, which for the projection means after its transaction committed.
 * <p>
 * Events come in batches ({@code pulsegate.consumer.batch.*}). A
 * {@link BatchEventHandler} applies a batch's events together, in order, and they are
 * acknowledged together after that; if it throws, the batch took no effect and its events
 * are handled one at a time, each on its own, as below. An event delivered before (it
 * failed once) is handled on its own from the start, so that it cannot roll back a batch
 * again. What is done for one message (a dead letter, a retry, an event handled on its
 * own) is done in an observation of that message, which continues the trace of the
 * request that produced it; events applied together belong to no one trace.
 * <ul>
 * <li>A message that is no valid event, or that the handler rejects as one that can never
 * be applied, goes to the dead-letter topic at once, with the reason.</li>
 * <li>A failed event is negatively acknowledged: Pulsar delivers it again with
 * exponential backoff. Where a retry-letter topic is configured, it goes there instead,
 * with the same delay. On its last allowed delivery it goes to the dead-letter topic,
 * with the failure and the number of attempts, unless the failure is the database's (no
 * connection, a transient error): a valid event is then delivered again for as long as
 * the outage lasts.</li>
 * </ul>
 * The consumer never stops or blocks on a bad message.
 */
@Component
class EventListener {

	private static final String ID = "events";

	private static final Log logger = LogFactory.getLog(EventListener.class);

	private final EventDecoder decoder;

	private final EventHandler handler;

	private final @Nullable BatchEventHandler batchHandler;

	private final DeadLetters deadLetters;

	private final EventMetrics metrics;

	private final ListenerObservations observations;

	private final int maxDeliveries;

	private final boolean retryLetterTopic;

	private final RedeliveryBackoff backoff;

	EventListener(EventDecoder decoder, EventHandler handler, DeadLetters deadLetters, EventMetrics metrics,
			ListenerObservations observations, ConsumerProperties properties, RedeliveryBackoff backoff) {
		this.decoder = decoder;
		this.handler = handler;
		this.batchHandler = (handler instanceof BatchEventHandler batches) ? batches : null;
		this.deadLetters = deadLetters;
		this.metrics = metrics;
		this.observations = observations;
		this.maxDeliveries = properties.maxDeliveries();
		this.retryLetterTopic = properties.retryLetterTopic();
		this.backoff = backoff;
	}

	@PulsarListener(id = ID, topics = "${pulsegate.consumer.topic}",
			subscriptionName = "${pulsegate.consumer.subscription}", subscriptionType = SubscriptionType.Key_Shared,
			ackMode = AckMode.MANUAL, schemaType = SchemaType.BYTES, consumerCustomizer = "redeliveryCustomizer",
			concurrency = "${pulsegate.consumer.concurrency}", batch = true)
	void onEvents(List<Message<byte[]>> messages, Consumer<byte[]> consumer, Acknowledgement acknowledgement) {
		List<Delivery> together = new ArrayList<>(messages.size());
		for (Message<byte[]> message : messages) {
			Optional<Delivery> delivery = decode(message, consumer, acknowledgement);
			if (delivery.isEmpty()) {
				continue;
			}
			if (delivery.get().attempt() > 1) {
				// Those before it first, to keep their key's order.
				handleTogether(together, consumer, acknowledgement);
				together.clear();
				handleAlone(delivery.get(), consumer, acknowledgement);
			}
			else {
				together.add(delivery.get());
			}
		}
		handleTogether(together, consumer, acknowledgement);
	}

	private Optional<Delivery> decode(Message<byte[]> message, Consumer<byte[]> consumer,
			Acknowledgement acknowledgement) {
		int attempt = attempt(message);
		try {
			return Optional.of(new Delivery(message, this.decoder.decode(message), attempt));
		}
		catch (PoisonMessageException ex) {
			this.observations.observe(message, ID,
					() -> deadLetter(message, consumer, acknowledgement, "poison", ex.getMessage(), attempt));
			return Optional.empty();
		}
	}

	private void handleTogether(List<Delivery> deliveries, Consumer<byte[]> consumer, Acknowledgement acknowledgement) {
		if (this.batchHandler == null || deliveries.size() < 2) {
			deliveries.forEach((delivery) -> handleAlone(delivery, consumer, acknowledgement));
			return;
		}
		long start = System.nanoTime();
		try {
			this.batchHandler.handleAll(deliveries.stream().map(Delivery::event).toList());
		}
		// Whatever failed, the batch's transaction was rolled back: each event gets a
		// transaction of its own, so that the one that failed is found and is retried or
		// dead-lettered by itself, while the others are applied.
		catch (RuntimeException ex) {
			logger.debug("A batch of " + deliveries.size() + " events failed; handling them one at a time: " + ex);
			this.metrics.batchSplit();
			deliveries.forEach((delivery) -> handleAlone(delivery, consumer, acknowledgement));
			return;
		}
		acknowledgement.acknowledge(deliveries.stream().map((delivery) -> delivery.message().getMessageId()).toList());
		Duration handling = Duration.ofNanos(System.nanoTime() - start);
		this.metrics.batchApplied(deliveries.size());
		for (Delivery delivery : deliveries) {
			this.metrics.processed(delivery.type(), handling, delivery.event().metadata().time());
		}
	}

	private void handleAlone(Delivery delivery, Consumer<byte[]> consumer, Acknowledgement acknowledgement) {
		this.observations.observe(delivery.message(), ID, () -> handle(delivery, consumer, acknowledgement));
	}

	private void handle(Delivery delivery, Consumer<byte[]> consumer, Acknowledgement acknowledgement) {
		Message<byte[]> message = delivery.message();
		String type = delivery.type();
		long start = System.nanoTime();
		try {
			this.handler.handle(delivery.event());
		}
		catch (EventRejectedException ex) {
			this.metrics.failed(type);
			deadLetter(message, consumer, acknowledgement, "rejected", ex.getMessage(), delivery.attempt());
			return;
		}
		// In manual ack mode the container neither acks nor nacks: whatever the handler
		// threw, the event must be retried or dead-lettered here.
		catch (RuntimeException ex) {
			this.metrics.failed(type);
			if (delivery.attempt() >= this.maxDeliveries && !isOutage(ex)) {
				deadLetter(message, consumer, acknowledgement, "exhausted", String.valueOf(ex), delivery.attempt());
			}
			else {
				logger.warn("Event " + delivery.event().metadata().id() + " failed on delivery " + delivery.attempt()
						+ " of " + this.maxDeliveries + "; it will be delivered again: " + ex);
				this.metrics.retried(type);
				retry(message, consumer, delivery.attempt());
			}
			return;
		}
		acknowledgement.acknowledge(message.getMessageId());
		this.metrics.processed(type, Duration.ofNanos(System.nanoTime() - start), delivery.event().metadata().time());
	}

	/**
	 * Whether a failure is the database's rather than the event's: no connection, no
	 * transaction, a transient error. Such an event is delivered again for as long as the
	 * outage lasts and never dead-lettered for it, since it is valid and will apply once
	 * the database is back.
	 */
	private static boolean isOutage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof CannotCreateTransactionException || cause instanceof SQLTransientException
					|| cause instanceof SQLRecoverableException) {
				return true;
			}
		}
		return false;
	}

	// Deliveries so far: from the retry-letter topic, plus those before it went there.
	private static int attempt(Message<byte[]> message) {
		return message.getRedeliveryCount() + 1
				+ MessageProperties.count(message.getProperty(RetryMessageUtil.SYSTEM_PROPERTY_RECONSUMETIMES));
	}

	private void retry(Message<byte[]> message, Consumer<byte[]> consumer, int attempt) {
		if (!this.retryLetterTopic) {
			nack(message, consumer);
			return;
		}
		try {
			// Sends a delayed copy to the retry-letter topic, then acks this one.
			consumer.reconsumeLater(message, this.backoff.next(attempt - 1), TimeUnit.MILLISECONDS);
		}
		catch (PulsarClientException ex) {
			logger.warn("Could not send " + message.getMessageId() + " to the retry-letter topic: " + ex.getMessage());
			nack(message, consumer);
		}
	}

	/**
	 * Has the message delivered again after the backoff for its attempts so far. Pulsar
	 * reads the redelivery count from the message: nacked by its id alone, every
	 * redelivery would wait the shortest delay.
	 */
	private static void nack(Message<byte[]> message, Consumer<byte[]> consumer) {
		consumer.negativeAcknowledge(message);
	}

	private void deadLetter(Message<byte[]> message, Consumer<byte[]> consumer, Acknowledgement acknowledgement,
			String cause, String reason, int attempts) {
		try {
			this.deadLetters.send(message, reason, attempts);
		}
		catch (PulsarException ex) {
			// Not dead-lettered, so not acknowledged: it comes back, and Pulsar's own
			// dead-letter policy takes it if this keeps failing.
			logger.warn("Could not dead-letter " + message.getMessageId() + ": " + ex.getMessage());
			nack(message, consumer);
			return;
		}
		acknowledgement.acknowledge(message.getMessageId());
		logger.warn("Dead-lettered " + message.getMessageId() + " to " + this.deadLetters.topic() + " after " + attempts
				+ " attempt(s): " + reason);
		this.metrics.deadLettered(message.getProperty(MessageProperties.TYPE), cause);
	}

	/**
	 * A message of a batch that was read into an event.
	 *
	 * @param message the message
	 * @param event its event
	 * @param attempt its delivery, 1 for the first
	 */
	private record Delivery(Message<byte[]> message, ReceivedEvent event, int attempt) {

		@Nullable String type() {
			return this.message.getProperty(MessageProperties.TYPE);
		}

	}

}
