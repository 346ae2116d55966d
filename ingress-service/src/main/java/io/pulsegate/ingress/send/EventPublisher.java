package io.pulsegate.ingress.send;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.pulsegate.events.EventMetadata;
import org.apache.pulsar.client.api.BatcherBuilder;
import org.apache.pulsar.client.api.ProducerBuilder;
import org.apache.pulsar.client.api.MessageId;

import org.springframework.pulsar.PulsarException;
import org.springframework.pulsar.core.ProducerBuilderCustomizer;
import org.springframework.pulsar.core.PulsarTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes events to Pulsar with their metadata as key, event time and properties, under
 * the {@link io.pulsegate.events.pulsar.TopicSchema schema} of their topic. The returned
 * future completes when the broker has acknowledged the message; no thread waits in the
 * meantime. It fails with {@link BrokerUnavailableException} when the broker did not
 * acknowledge within the publish timeout or the {@code broker} circuit breaker is open,
 * and with {@link OverloadedException} when the {@code publish} bulkhead has no room.
 */
@Component
class EventPublisher {

	static final String CIRCUIT_BREAKER = "broker";

	static final String BULKHEAD = "publish";

	/*
	 * Batching is off by default (application.yml); where it is turned on, consumers on
	 * Key_Shared subscriptions rely on every batch holding a single key. One shared
	 * instance, so that the template's producer cache finds the same producer for every
	 * send.
	 */
	private static final ProducerBuilderCustomizer<byte[]> KEY_BASED_BATCHING = new KeyBasedBatching();

	private final PulsarTemplate<byte[]> template;

	private final EventRoutes routes;

	private final Duration timeout;

	private final CircuitBreaker circuitBreaker;

	private final Bulkhead bulkhead;

	EventPublisher(PulsarTemplate<byte[]> template, EventRoutes routes, IngressProperties properties,
			CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads) {
		this.template = template;
		this.routes = routes;
		this.timeout = properties.publishTimeout();
		this.circuitBreaker = circuitBreakers.circuitBreaker(CIRCUIT_BREAKER);
		this.bulkhead = bulkheads.bulkhead(BULKHEAD);
	}

	CompletableFuture<PublishedEvent> publish(OutgoingEvent event) {
		if (!this.bulkhead.tryAcquirePermission()) {
			return CompletableFuture.failedFuture(new OverloadedException());
		}
		if (!this.circuitBreaker.tryAcquirePermission()) {
			this.bulkhead.onComplete();
			return CompletableFuture.failedFuture(new BrokerUnavailableException(
					"The broker failed recently, so the circuit breaker refuses publishes for a while", null));
		}
		long start = this.circuitBreaker.getCurrentTimestamp();
		CompletableFuture<PublishedEvent> sending;
		try {
			sending = send(event);
		}
		// Unforeseen, nothing was sent: the permits go back unrecorded, so that neither
		// the bulkhead nor a half-open circuit breaker waits for them forever.
		catch (RuntimeException ex) {
			this.circuitBreaker.releasePermission();
			this.bulkhead.onComplete();
			throw ex;
		}
		return sending.whenComplete((published, failure) -> {
			this.bulkhead.onComplete();
			long duration = this.circuitBreaker.getCurrentTimestamp() - start;
			if (failure == null) {
				this.circuitBreaker.onSuccess(duration, this.circuitBreaker.getTimestampUnit());
			}
			else {
				this.circuitBreaker.onError(duration, this.circuitBreaker.getTimestampUnit(), failure);
			}
		});
	}

	private CompletableFuture<PublishedEvent> send(OutgoingEvent event) {
		String topic = event.topic();
		EventMetadata metadata = event.metadata();
		CompletableFuture<MessageId> sent;
		try {
			sent = this.template.newMessage(event.data())
				.withTopic(topic)
				.withSchema(this.routes.schemaOf(topic))
				.withProducerCustomizer(KEY_BASED_BATCHING)
				.withMessageCustomizer((message) -> {
					if (metadata.key() != null) {
						message.key(metadata.key());
					}
					if (event.deliverAt() != null) {
						message.deliverAt(event.deliverAt().toEpochMilli());
					}
					message.eventTime(metadata.time().toEpochMilli()).properties(metadata.toMessageProperties());
				})
				.sendAsync();
		}
		catch (PulsarException ex) {
			// The producer could not be created, for example because the broker is down.
			return CompletableFuture.failedFuture(unavailable(topic, ex));
		}
		return sent.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
			.thenApply((messageId) -> new PublishedEvent(metadata.id(), topic, messageId.toString()))
			.exceptionallyCompose((failure) -> CompletableFuture.failedFuture(unavailable(topic, failure)));
	}

	private BrokerUnavailableException unavailable(String topic, Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return new BrokerUnavailableException(
				"The broker did not acknowledge the event on " + topic + " within " + this.timeout, cause);
	}

	/**
	 * A class, not a lambda: Spring Pulsar warns of possible producer cache misses on
	 * every thousandth send with a lambda customizer.
	 */
	private static final class KeyBasedBatching implements ProducerBuilderCustomizer<byte[]> {

		@Override
		public void customize(ProducerBuilder<byte[]> producer) {
			producer.batcherBuilder(BatcherBuilder.KEY_BASED);
		}

	}

}
