package io.pulsegate.consumer.events;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.pulsar.client.api.PulsarClient;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Whether this replica's Pulsar client reaches the broker that serves its topic, checked
 * in the background so that probes answer at once. Part of the readiness group with the
 * database: a replica that cannot reach either is not counted as serving.
 */
@Component("broker")
class BrokerHealth implements HealthIndicator {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final PulsarClient client;

	private final String topic;

	private volatile Health health = Health.unknown().withDetail("reason", "not checked yet").build();

	BrokerHealth(PulsarClient client, ConsumerProperties properties) {
		this.client = client;
		this.topic = properties.topic();
	}

	@Scheduled(fixedDelayString = "${pulsegate.consumer.broker-check-interval:5s}")
	void check() {
		long start = System.nanoTime();
		try {
			this.client.getPartitionsForTopic(this.topic).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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
