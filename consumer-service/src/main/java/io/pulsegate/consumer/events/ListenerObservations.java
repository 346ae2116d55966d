package io.pulsegate.consumer.events;

import io.micrometer.observation.ObservationRegistry;
import org.apache.pulsar.client.api.Message;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.pulsar.autoconfigure.PulsarProperties;
import org.springframework.pulsar.observation.DefaultPulsarListenerObservationConvention;
import org.springframework.pulsar.observation.PulsarListenerObservation;
import org.springframework.pulsar.observation.PulsarMessageReceiverContext;
import org.springframework.stereotype.Component;

/**
 * Observes work done for one message of a batch, as Spring for Apache Pulsar does for
 * each message of a listener that takes one at a time, but not for one that takes
 * batches: the observation continues the trace in the message's properties, so that the
 * work and its log lines (a warning, a dead letter) belong to the request that produced
 * the message. Switched on and off with
 * {@code spring.pulsar.listener.observation-enabled}.
 */
@Component
class ListenerObservations {

	private final ObservationRegistry registry;

	ListenerObservations(ObjectProvider<ObservationRegistry> registry, PulsarProperties pulsar) {
		this.registry = pulsar.getListener().isObservationEnabled()
				? registry.getIfAvailable(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP;
	}

	/**
	 * Does work for a message in an observation of that message.
	 * @param message the message
	 * @param listenerId the listener that received it
	 * @param work what to do
	 */
	void observe(Message<?> message, String listenerId, Runnable work) {
		PulsarListenerObservation.LISTENER_OBSERVATION
			.observation(null, DefaultPulsarListenerObservationConvention.INSTANCE,
					() -> new PulsarMessageReceiverContext(message, listenerId), this.registry)
			.observe(work);
	}

}
