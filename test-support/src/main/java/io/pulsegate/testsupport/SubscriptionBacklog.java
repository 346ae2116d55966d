package io.pulsegate.testsupport;

import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.common.policies.data.SubscriptionStats;

/**
 * Reads a subscription's backlog through the broker's admin API: 0 means every message on
 * the topic was acknowledged by that subscription.
 */
public final class SubscriptionBacklog {

	private SubscriptionBacklog() {
	}

	/**
	 * The number of messages the subscription has not acknowledged yet.
	 * @param broker the broker
	 * @param topic the full topic name
	 * @param subscription the subscription name
	 * @return the backlog
	 * @throws IllegalStateException if the subscription does not exist
	 */
	public static long of(TestBroker broker, String topic, String subscription) {
		try (PulsarAdmin admin = broker.adminBuilder().build()) {
			SubscriptionStats stats = admin.topics().getStats(topic).getSubscriptions().get(subscription);
			if (stats == null) {
				throw new IllegalStateException("No subscription " + subscription + " on " + topic);
			}
			return stats.getMsgBacklog();
		}
		catch (PulsarClientException | PulsarAdminException ex) {
			throw new IllegalStateException("Cannot read the backlog of " + subscription + " on " + topic, ex);
		}
	}

}
