package io.pulsegate.ingress.send;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.pulsegate.events.EventMetadata;
import org.apache.pulsar.client.api.BatcherBuilder;
import org.apache.pulsar.client.api.Schema;

import org.springframework.pulsar.PulsarException;
import org.springframework.pulsar.core.ProducerBuilderCustomizer;
import org.springframework.pulsar.core.PulsarTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes event data to Pulsar with the event's metadata as key, event time and
 * properties. The returned future completes when the broker has acknowledged the message,
 * and fails with {@link BrokerUnavailableException} when it has not within the publish
 * timeout. No thread waits in the meantime.
 */
@Component
class EventPublisher {

	/*
	 * Consumers on Key_Shared subscriptions rely on every batch holding a single key. One
	 * shared instance, so that the template's producer cache finds the same producer for
	 * every send.
	 */
	private static final ProducerBuilderCustomizer<byte[]> KEY_BASED_BATCHING = (producer) -> producer
		.batcherBuilder(BatcherBuilder.KEY_BASED);

	private final PulsarTemplate<byte[]> template;

	private final Duration timeout;

	EventPublisher(PulsarTemplate<byte[]> template, IngressProperties properties) {
		this.template = template;
		this.timeout = properties.publishTimeout();
	}

	CompletableFuture<PublishedEvent> publish(OutgoingEvent event) {
		String topic = event.topic();
		EventMetadata metadata = event.metadata();
		CompletableFuture<PublishedEvent> published;
		try {
			published = this.template.newMessage(event.data())
				.withTopic(topic)
				.withSchema(Schema.BYTES)
				.withProducerCustomizer(KEY_BASED_BATCHING)
				.withMessageCustomizer((message) -> {
					if (metadata.key() != null) {
						message.key(metadata.key());
					}
					message.eventTime(metadata.time().toEpochMilli()).properties(metadata.toMessageProperties());
				})
				.sendAsync()
				.thenApply((messageId) -> new PublishedEvent(metadata.id(), topic, messageId.toString()));
		}
		catch (PulsarException ex) {
			// The producer could not be created, for example because the broker is down.
			return CompletableFuture.failedFuture(unavailable(topic, ex));
		}
		return published.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
			.exceptionallyCompose((failure) -> CompletableFuture.failedFuture(unavailable(topic, failure)));
	}

	private BrokerUnavailableException unavailable(String topic, Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return new BrokerUnavailableException(
				"The broker did not acknowledge the event on " + topic + " within " + this.timeout, cause);
	}

}
