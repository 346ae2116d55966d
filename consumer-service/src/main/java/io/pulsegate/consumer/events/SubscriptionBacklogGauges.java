package io.pulsegate.consumer.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.common.policies.data.SubscriptionStats;
import org.apache.pulsar.common.policies.data.TopicStats;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The backlog of this service's subscriptions, read through the broker's admin API:
 * {@code pulsegate_consumer_subscription_backlog{topic, subscription}}, the external
 * metric a Kubernetes autoscaler scales the consumers on.
 */
@Component
class SubscriptionBacklogGauges {

	private static final Log logger = LogFactory.getLog(SubscriptionBacklogGauges.class);

	private final PulsarAdmin admin;

	private final String topic;

	private final Map<String, AtomicLong> backlogs = new ConcurrentHashMap<>();

	SubscriptionBacklogGauges(PulsarAdmin admin, ConsumerProperties properties, MeterRegistry meters) {
		this.admin = admin;
		this.topic = properties.topic();
		for (String subscription : new String[] { properties.subscription(), properties.auditSubscription() }) {
			AtomicLong backlog = new AtomicLong();
			this.backlogs.put(subscription, backlog);
			Gauge.builder("pulsegate.consumer.subscription.backlog", backlog, AtomicLong::doubleValue)
				.description("Messages the subscription has not acknowledged yet")
				.tag("topic", this.topic)
				.tag("subscription", subscription)
				.register(meters);
		}
	}

	@Scheduled(fixedDelayString = "${pulsegate.consumer.backlog-interval}")
	void refresh() {
		try {
			TopicStats stats = (this.admin.topics().getPartitionedTopicMetadata(this.topic).partitions > 0)
					? this.admin.topics().getPartitionedStats(this.topic, false)
					: this.admin.topics().getStats(this.topic);
			this.backlogs.forEach((subscription, backlog) -> {
				SubscriptionStats subscriptionStats = stats.getSubscriptions().get(subscription);
				backlog.set((subscriptionStats != null) ? subscriptionStats.getMsgBacklog() : 0);
			});
		}
		catch (PulsarAdminException ex) {
			// The gauges keep their last values; the broker may be restarting.
			logger.debug("Could not read the backlog of " + this.topic + ": " + ex.getMessage());
		}
	}

}
