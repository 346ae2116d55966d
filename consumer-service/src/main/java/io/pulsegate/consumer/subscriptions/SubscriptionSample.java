package io.pulsegate.consumer.subscriptions;

import org.apache.pulsar.common.policies.data.ConsumerStats;
import org.apache.pulsar.common.policies.data.SubscriptionStats;

/**
 * What the broker reports of one subscription at one moment.
 *
 * @param backlog messages not acknowledged yet, delivered or not
 * @param delayed messages held back for delayed delivery
 * @param unacked messages delivered to consumers and not acknowledged yet
 * @param dispatched messages the broker has sent to the subscription's consumers so far
 * @param permits messages the connected consumers have room for
 * @param blockedOnUnacked whether the broker holds dispatch back because too many
 * messages are unacknowledged
 */
record SubscriptionSample(long backlog, long delayed, long unacked, long dispatched, long permits,
		boolean blockedOnUnacked) {

	static SubscriptionSample of(SubscriptionStats stats) {
		long permits = stats.getConsumers().stream().mapToLong(ConsumerStats::getAvailablePermits).sum();
		return new SubscriptionSample(stats.getMsgBacklog(), stats.getMsgDelayed(), stats.getUnackedMessages(),
				stats.getMsgOutCounter(), permits, stats.isBlockedSubscriptionOnUnackedMsgs());
	}

	/**
	 * Messages that are due and that no consumer holds: the broker should be sending
	 * these.
	 * @return the count, never negative
	 */
	long waiting() {
		return Math.max(0, this.backlog - this.delayed - this.unacked);
	}

}
