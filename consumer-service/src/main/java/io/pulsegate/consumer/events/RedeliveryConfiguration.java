package io.pulsegate.consumer.events;

import io.pulsegate.consumer.deadletters.DeadLetters;
import org.apache.pulsar.client.api.DeadLetterPolicy;
import org.apache.pulsar.client.api.RedeliveryBackoff;
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
	RedeliveryBackoff redeliveryBackoff(ConsumerProperties properties) {
		return MultiplierRedeliveryBackoff.builder()
			.minDelayMs(properties.redelivery().minDelay().toMillis())
			.maxDelayMs(properties.redelivery().maxDelay().toMillis())
			.multiplier(properties.redelivery().multiplier())
			.build();
	}

	@Bean
	PulsarListenerConsumerBuilderCustomizer<byte[]> redeliveryCustomizer(ConsumerProperties properties,
			RedeliveryBackoff backoff) {
		DeadLetterPolicy.DeadLetterPolicyBuilder deadLetters = DeadLetterPolicy.builder()
			// A backstop one delivery after the listener's own dead-lettering (which
			// records why); it only acts if writing that dead letter failed.
			.maxRedeliverCount(properties.maxDeliveries())
			.deadLetterTopic(properties.deadLetterTopic())
			.initialSubscriptionName(DeadLetters.PENDING);
		if (properties.retryLetterTopic()) {
			deadLetters.retryLetterTopic(properties.retryLetterTopicName());
		}
		DeadLetterPolicy policy = deadLetters.build();
		return (consumer) -> consumer.negativeAckRedeliveryBackoff(backoff)
			.enableRetry(properties.retryLetterTopic())
			.deadLetterPolicy(policy)
			.receiverQueueSize(properties.receiverQueueSize());
	}

	@Bean
	PulsarListenerConsumerBuilderCustomizer<byte[]> auditCustomizer(ConsumerProperties properties,
			RedeliveryBackoff backoff) {
		return (consumer) -> consumer.negativeAckRedeliveryBackoff(backoff)
			.receiverQueueSize(properties.receiverQueueSize());
	}

}
