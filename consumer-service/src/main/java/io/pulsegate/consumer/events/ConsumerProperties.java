package io.pulsegate.consumer.events;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the event consumer.
 *
 * @param topic the topic to subscribe to
 * @param subscription the subscription name, shared by every replica
 * @param redelivery when a failed event is delivered again
 * @param retryLetterTopic whether a failed event goes to a retry-letter topic, from which
 * it is delivered again after the backoff delay, instead of being negatively
 * acknowledged: the wait then survives restarts and does not hold the event in memory
 * @param maxDeliveries deliveries of one event before it goes to the dead-letter topic
 * @param auditSubscription a second, independent subscription that receives every event
 * @param concurrency consumers of the main subscription in this replica
 * @param auditConcurrency consumers of the audit subscription in this replica
 * @param receiverQueueSize messages each consumer prefetches: the bound on what a slow
 * handler lets pile up in memory
 * @param backlogInterval how often the subscriptions are read from the broker, for the
 * backlog gauges and stall detection
 * @param stall when a subscription that receives nothing counts as stalled, and what is
 * done about it
 * @param batch how many messages the listeners take at a time
 */
@ConfigurationProperties("pulsegate.consumer")
@Validated
public record ConsumerProperties(@NotBlank String topic, @NotBlank String subscription,
		@DefaultValue @Valid Redelivery redelivery, @DefaultValue("false") boolean retryLetterTopic,
		@DefaultValue("5") @Positive int maxDeliveries, @DefaultValue("order-audit") @NotBlank String auditSubscription,
		@DefaultValue("1") @Positive int concurrency, @DefaultValue("1") @Positive int auditConcurrency,
		@DefaultValue("1000") @Positive int receiverQueueSize, @DefaultValue("15s") @NotNull Duration backlogInterval,
		@DefaultValue @Valid Stall stall, @DefaultValue @Valid Batch batch) {

	/**
	 * Exponential backoff between deliveries of an event that failed.
	 *
	 * @param minDelay delay after the first failure
	 * @param maxDelay longest delay
	 * @param multiplier growth of the delay per failure
	 */
	public record Redelivery(@DefaultValue("1s") @NotNull Duration minDelay,
			@DefaultValue("60s") @NotNull Duration maxDelay, @DefaultValue("2") @DecimalMin("1.0") double multiplier) {
	}

	/**
	 * How a listener takes its messages: in batches, each applied in one database
	 * transaction and so one commit (one WAL flush) for all its events. A batch is handed
	 * over once {@code maxMessages} are waiting, or {@code timeout} after the listener
	 * asked for it with whatever has arrived by then. Under a backlog batches are full at
	 * once, whatever the timeout; at a steady rate they hold what arrived while the one
	 * before was applied, plus the timeout's worth; at a low rate an event waits at most
	 * the timeout for company. So the timeout is short: it only adds latency.
	 *
	 * @param maxMessages most messages in a batch; no more than the receiver queue holds
	 * @param timeout longest wait for a batch to fill, which adds up to as much to an
	 * event's latency
	 */
	public record Batch(@DefaultValue("500") @Positive int maxMessages,
			@DefaultValue("1ms") @NotNull @DurationMin(millis = 1) Duration timeout) {
	}

	/**
	 * A subscription that receives nothing although messages are due and its consumers
	 * have room for them.
	 *
	 * @param after how long it must receive nothing before it counts as stalled
	 * @param unload whether to unload the topic when one stalls, which restarts its
	 * dispatchers on the broker; needs the namespace's admin role
	 */
	public record Stall(@DefaultValue("2m") @NotNull Duration after, @DefaultValue("false") boolean unload) {
	}

	/**
	 * The retry-letter topic of the subscription, next to the topic it retries.
	 * @return the retry-letter topic name
	 */
	public String retryLetterTopicName() {
		return this.topic + "-" + this.subscription + "-RETRY";
	}

	/**
	 * The dead-letter topic of the subscription, next to the topic it takes letters from.
	 * @return the dead-letter topic name
	 */
	public String deadLetterTopic() {
		return this.topic + "-" + this.subscription + "-DLQ";
	}

}
