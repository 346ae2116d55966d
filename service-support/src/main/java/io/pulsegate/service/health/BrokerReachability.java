package io.pulsegate.service.health;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.pulsar.client.api.PulsarClient;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Whether this replica's Pulsar client reaches the broker that serves its topic: a topic
 * lookup over the binary protocol, run in the background every
 * {@code pulsegate.broker-check-interval} so that health probes answer at once. Services
 * put it in their readiness group, so a replica that cannot reach the broker takes no
 * traffic until it can again.
 */
public class BrokerReachability implements HealthIndicator {

	private final PulsarClient client;

	private final String topic;

	private final Duration timeout;

	private volatile Health health = Health.unknown().withDetail("reason", "not checked yet").build();

	/**
	 * Creates a check that looks up the given topic.
	 * @param client the service's Pulsar client
	 * @param topic a topic the service uses
	 * @param timeout how long a lookup may take before the broker counts as unreachable
	 */
	public BrokerReachability(PulsarClient client, String topic, Duration timeout) {
		this.client = client;
		this.topic = topic;
		this.timeout = timeout;
	}

	@Scheduled(fixedDelayString = "${pulsegate.broker-check-interval:5s}")
	void check() {
		long start = System.nanoTime();
		try {
			this.client.getPartitionsForTopic(this.topic).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			this.health = Health.up()
				.withDetail("topic", this.topic)
				.withDetail("lookupMillis", Duration.ofNanos(System.nanoTime() - start).toMillis())
				.withDetail("checkedAt", Instant.now())
				.build();
		}
		catch (ExecutionException | TimeoutException ex) {
			this.health = Health.down()
				.withDetail("topic", this.topic)
				.withDetail("error", String.valueOf((ex.getCause() != null) ? ex.getCause() : ex))
				.withDetail("checkedAt", Instant.now())
				.build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public Health health() {
		return this.health;
	}

}
