package io.pulsegate.consumer.events;

import org.apache.pulsar.client.api.DeadLetterPolicy;
import org.apache.pulsar.client.impl.MultiplierRedeliveryBackoff;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.pulsar.annotation.PulsarListenerConsumerBuilderCustomizer;

/**
 * Exponential backoff for negatively acknowledged events and a dead-letter topic for
 * those that keep failing.
 */
@Configuration(proxyBeanMethods = false)
class RedeliveryConfiguration {

	@Bean
	PulsarListenerConsumerBuilderCustomizer<byte[]> redeliveryCustomizer(ConsumerProperties properties) {
		MultiplierRedeliveryBackoff backoff = MultiplierRedeliveryBackoff.builder()
			.minDelayMs(properties.redelivery().minDelay().toMillis())
			.maxDelayMs(properties.redelivery().maxDelay().toMillis())
			.multiplier(properties.redelivery().multiplier())
			.build();
		DeadLetterPolicy deadLetters = DeadLetterPolicy.builder()
			// A backstop one delivery after the listener's own dead-lettering, which says
			// why:
			// it only acts if writing that dead letter failed.
			.maxRedeliverCount(properties.maxDeliveries())
			.deadLetterTopic(properties.deadLetterTopic())
			.build();
		return (consumer) -> consumer.negativeAckRedeliveryBackoff(backoff)
			.deadLetterPolicy(deadLetters)
			.receiverQueueSize(properties.receiverQueueSize());
	}

	@Bean
	PulsarListenerConsumerBuilderCustomizer<byte[]> auditCustomizer(ConsumerProperties properties) {
		return (consumer) -> consumer.receiverQueueSize(properties.receiverQueueSize());
	}

}
