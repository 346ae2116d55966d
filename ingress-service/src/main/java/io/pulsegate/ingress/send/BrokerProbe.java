package io.pulsegate.ingress.send;

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
 * Whether the broker answers: a topic lookup over the binary protocol, run in the
 * background so that health probes answer at once. Part of the readiness group, so a
 * replica that cannot reach the broker stops receiving traffic until it can again.
 */
@Component("broker")
class BrokerProbe implements HealthIndicator {

	private final PulsarClient client;

	private final String topic;

	private final Duration timeout;

	private volatile Health health = Health.unknown().withDetail("reason", "not probed yet").build();

	BrokerProbe(PulsarClient client, EventRoutes routes, IngressProperties properties) {
		this.client = client;
		this.topic = routes.topics().get(0).topicName();
		this.timeout = properties.publishTimeout();
	}

	@Scheduled(fixedDelayString = "${pulsegate.ingress.broker-probe-interval:5s}")
	void probe() {
		Instant start = Instant.now();
		try {
			this.client.getPartitionsForTopic(this.topic).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			this.health = Health.up()
				.withDetail("topic", this.topic)
				.withDetail("lookupMillis", Duration.between(start, Instant.now()).toMillis())
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
