package io.pulsegate.consumer.events;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.pulsar.client.api.Message;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.pulsar.autoconfigure.PulsarProperties;
import org.springframework.pulsar.observation.DefaultPulsarListenerObservationConvention;
import org.springframework.pulsar.observation.PulsarListenerObservation;
import org.springframework.pulsar.observation.PulsarMessageReceiverContext;
import org.springframework.stereotype.Component;

/**
 * One observation per message of a batch, as Spring for Apache Pulsar opens for a
 * listener that takes one message at a time but not for one that takes batches: it
 * continues the trace in the message's properties, so that what is done for that message
 * (a warning, a dead letter, an audit row's trace id) belongs to the request that
 * produced it. Switched on and off with
 * {@code spring.pulsar.listener.observation-enabled}.
 */
@Component
public class ListenerObservations {

	private final ObservationRegistry registry;

	ListenerObservations(ObjectProvider<ObservationRegistry> registry, PulsarProperties pulsar) {
		this.registry = pulsar.getListener().isObservationEnabled()
				? registry.getIfAvailable(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP;
	}

	/**
	 * Starts the observation of a received message; the caller stops it once the message
	 * is acknowledged or given up on.
	 * @param message the message
	 * @param listenerId the listener that received it
	 * @return the started observation, to be opened in scope for the work on the message
	 */
	public Observation start(Message<?> message, String listenerId) {
		return PulsarListenerObservation.LISTENER_OBSERVATION
			.observation(null, DefaultPulsarListenerObservationConvention.INSTANCE,
					() -> new PulsarMessageReceiverContext(message, listenerId), this.registry)
			.start();
	}

}
