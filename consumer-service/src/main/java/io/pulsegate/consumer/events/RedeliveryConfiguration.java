package io.pulsegate.consumer.events;

import java.util.concurrent.TimeUnit;

import io.pulsegate.consumer.deadletters.DeadLetters;
import org.apache.pulsar.client.api.BatchReceivePolicy;
import org.apache.pulsar.client.api.DeadLetterPolicy;
import org.apache.pulsar.client.api.RedeliveryBackoff;
import org.apache.pulsar.client.impl.MultiplierRedeliveryBackoff;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.pulsar.annotation.PulsarListenerConsumerBuilderCustomizer;

/**
 * Exponential backoff for negatively acknowledged events and a dead-letter topic for
 * those that keep failing; how many messages the listeners take at a time.
 */
@Configuration(proxyBeanMethods = false)
class RedeliveryConfiguration {

	// A day of deliveries at the longest backoff of a minute.
	private static final int OUTAGE_DELIVERIES = 1_440;

	// Pulsar's default: a bound on a batch's memory whatever the size of the events.
	private static final int MAX_BATCH_BYTES = 10 * 1024 * 1024;

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
			// A backstop far behind the listener's own dead-lettering (which records
			// why):
			// the listener delivers a valid event again for as long as the database is
			// down, and Pulsar must not dead-letter it meanwhile.
			.maxRedeliverCount(properties.maxDeliveries() + OUTAGE_DELIVERIES)
			.deadLetterTopic(properties.deadLetterTopic())
			.initialSubscriptionName(DeadLetters.PENDING);
		if (properties.retryLetterTopic()) {
			deadLetters.retryLetterTopic(properties.retryLetterTopicName());
		}
		DeadLetterPolicy policy = deadLetters.build();
		BatchReceivePolicy batches = batchReceivePolicy(properties);
		return (consumer) -> consumer.negativeAckRedeliveryBackoff(backoff)
			.enableRetry(properties.retryLetterTopic())
			.deadLetterPolicy(policy)
			.receiverQueueSize(properties.receiverQueueSize())
			.batchReceivePolicy(batches);
	}

	@Bean
	PulsarListenerConsumerBuilderCustomizer<byte[]> auditCustomizer(ConsumerProperties properties,
			RedeliveryBackoff backoff) {
		BatchReceivePolicy batches = batchReceivePolicy(properties);
		return (consumer) -> consumer.negativeAckRedeliveryBackoff(backoff)
			.receiverQueueSize(properties.receiverQueueSize())
			.batchReceivePolicy(batches);
	}

	// Replaces the container's policy (100 ms, no message limit), which made every
	// receive wait the full 100 ms unless 10 MB were queued. A batch never outgrows the
	// receiver queue: it could not fill, and Pulsar would cut it down with a warning.
	private static BatchReceivePolicy batchReceivePolicy(ConsumerProperties properties) {
		return BatchReceivePolicy.builder()
			.maxNumMessages(Math.min(properties.batch().maxMessages(), properties.receiverQueueSize()))
			.maxNumBytes(MAX_BATCH_BYTES)
			.timeout((int) properties.batch().timeout().toMillis(), TimeUnit.MILLISECONDS)
			.build();
	}

}
