package io.pulsegate.consumer.subscriptions;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.consumer.events.ConsumerProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.common.policies.data.SubscriptionStats;
import org.apache.pulsar.common.policies.data.TopicStats;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads this service's subscriptions from the broker's admin API every
 * {@code backlog-interval} and publishes what it finds:
 * {@code pulsegate_consumer_subscription_backlog{topic, subscription}}, the external
 * metric a Kubernetes autoscaler scales the consumers on, and
 * {@code pulsegate_consumer_subscription_stalled}, 1 while the broker sends nothing to a
 * subscription that has messages due and room for them. With {@code stall.unload} on, a
 * stall unloads the topic, which restarts its dispatchers.
 */
@Component
class SubscriptionMonitor {

	private static final Log logger = LogFactory.getLog(SubscriptionMonitor.class);

	private final PulsarAdmin admin;

	private final String topic;

	private final boolean unloadOnStall;

	private final Clock clock;

	private final Map<String, Watched> subscriptions = new LinkedHashMap<>();

	private final Counter unloads;

	SubscriptionMonitor(PulsarAdmin admin, ConsumerProperties properties, MeterRegistry meters) {
		this.admin = admin;
		this.topic = properties.topic();
		this.unloadOnStall = properties.stall().unload();
		this.clock = Clock.systemUTC();
		for (String subscription : new String[] { properties.subscription(), properties.auditSubscription() }) {
			Watched watched = new Watched(new DispatchStallDetector(properties.stall().after()));
			this.subscriptions.put(subscription, watched);
			Gauge.builder("pulsegate.consumer.subscription.backlog", watched.backlog, AtomicLong::doubleValue)
				.description("Messages the subscription has not acknowledged yet")
				.tag("topic", this.topic)
				.tag("subscription", subscription)
				.register(meters);
			Gauge.builder("pulsegate.consumer.subscription.stalled", watched.detector, (d) -> d.stalled() ? 1 : 0)
				.description("1 while the broker sends nothing to the subscription although messages are due")
				.tag("topic", this.topic)
				.tag("subscription", subscription)
				.register(meters);
		}
		this.unloads = Counter.builder("pulsegate.consumer.subscription.unloads")
			.description("Topic unloads requested because a subscription stalled")
			.tag("topic", this.topic)
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${pulsegate.consumer.backlog-interval}")
	synchronized void refresh() {
		TopicStats stats;
		try {
			stats = (this.admin.topics().getPartitionedTopicMetadata(this.topic).partitions > 0)
					? this.admin.topics().getPartitionedStats(this.topic, false)
					: this.admin.topics().getStats(this.topic);
		}
		catch (PulsarAdminException ex) {
			// The gauges keep their last values; the broker may be restarting.
			logger.debug("Could not read the subscriptions of " + this.topic + ": " + ex.getMessage());
			return;
		}
		boolean unload = false;
		for (Map.Entry<String, Watched> entry : this.subscriptions.entrySet()) {
			SubscriptionStats subscriptionStats = stats.getSubscriptions().get(entry.getKey());
			Watched watched = entry.getValue();
			if (subscriptionStats == null) {
				watched.backlog.set(0);
				watched.detector.reset();
				continue;
			}
			SubscriptionSample sample = SubscriptionSample.of(subscriptionStats);
			watched.backlog.set(sample.backlog());
			switch (watched.detector.observe(sample, this.clock.instant())) {
				case STALLED -> {
					logger.warn("Subscription " + entry.getKey() + " on " + this.topic + " stalled: " + sample.waiting()
							+ " messages due, room for " + sample.permits() + ", none sent"
							+ (sample.blockedOnUnacked() ? " (blocked on unacknowledged messages)" : "")
							+ (this.unloadOnStall ? "; unloading the topic" : ""));
					unload = this.unloadOnStall;
				}
				case RECOVERED ->
					logger.info("Subscription " + entry.getKey() + " on " + this.topic + " receives again");
				case NONE -> {
				}
			}
		}
		if (unload) {
			unload();
		}
	}

	private void unload() {
		try {
			this.admin.topics().unload(this.topic);
			this.unloads.increment();
			// The broker's counters start again on the topic's new owner.
			this.subscriptions.values().forEach((watched) -> watched.detector.reset());
		}
		catch (PulsarAdminException ex) {
			logger
				.warn("Could not unload " + this.topic + " (it needs the namespace's admin role): " + ex.getMessage());
		}
	}

	private record Watched(AtomicLong backlog, DispatchStallDetector detector) {

		Watched(DispatchStallDetector detector) {
			this(new AtomicLong(), detector);
		}

	}

}
