package io.pulsegate.consumer.orders;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pulsegate.consumer.TestEvents;
import io.pulsegate.consumer.events.ConsumerProperties;
import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.SubscriptionBacklog;
import io.pulsegate.testsupport.TestDatabaseConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.pulsar.config.PulsarListenerEndpointRegistry;
import org.springframework.pulsar.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.pulsegate.consumer.TestEvents.metadata;
import static io.pulsegate.consumer.TestEvents.paid;
import static io.pulsegate.consumer.TestEvents.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How fast the consumer drains a backlog into the projection: a measurement, not a test.
 * Its name keeps it out of the build; run it on purpose, on a machine as idle as can be:
 * <pre>
 * ./mvnw -B -pl consumer-service -am verify -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest=ProjectionDrainMeasurement [-Dpulsegate.drain.events=20000] \
 *     [-Dpulsegate.consumer.concurrency=2]
 * </pre> With the listeners stopped it publishes placed-then-paid pairs of events for
 * orders of their own, starts the listeners (the projection and the audit log, as
 * deployed), and prints how long the projection took to apply them all. It asserts only
 * that every event was applied once.
 */
@SpringBootTest(properties = { "pulsegate.consumer.subscription=drain-measurement",
		"pulsegate.consumer.audit-subscription=audit-drain-measurement", "pulsegate.consumer.backlog-interval=1h",
		"logging.level.io.pulsegate=warn" })
@Import({ SharedBrokerConfiguration.class, TestDatabaseConfiguration.class })
class ProjectionDrainMeasurement {

	private static final int EVENTS = Integer.getInteger("pulsegate.drain.events", 20_000);

	@RegisterExtension
	static final TestEvents events = TestEvents.onNewTopic("drain-measurement");

	@Autowired
	private PulsarListenerEndpointRegistry listeners;

	@Autowired
	private ConsumerProperties properties;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void uniqueTopic(DynamicPropertyRegistry registry) {
		registry.add("pulsegate.consumer.topic", events::topic);
	}

	@Test
	void drainsABacklog() throws Exception {
		MessageListenerContainer projection = this.listeners.getListenerContainer("events");
		MessageListenerContainer audit = this.listeners.getListenerContainer("audit");
		// Both subscriptions exist from the start, so the broker keeps the backlog for
		// them.
		projection.stop();
		audit.stop();
		// Every send acknowledged by the broker: the backlog is stored.
		publishBacklog();

		System.out.printf("%nDRAIN of %d events starts%n", EVENTS);
		long start = System.nanoTime();
		projection.start();
		audit.start();
		await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(250)).until(() -> applied() == EVENTS);
		double projectionSeconds = (System.nanoTime() - start) / 1e9;
		await().atMost(Duration.ofMinutes(15))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> SubscriptionBacklog.of(SharedTestBroker.get(), events.topic(),
					this.properties.auditSubscription()) == 0);
		double auditSeconds = (System.nanoTime() - start) / 1e9;

		Timer handler = this.meters.get("pulsegate.consumer.handler").tag("type", "order.paid").timer();
		System.out.printf(Locale.ROOT,
				"%nDRAIN %d events (concurrency %d): projection %.1f s = %.0f events/s; audit done after %.1f s; "
						+ "handler mean %.2f ms, max %.1f ms%n%n",
				EVENTS, this.properties.concurrency(), projectionSeconds, EVENTS / projectionSeconds, auditSeconds,
				handler.mean(TimeUnit.MILLISECONDS), handler.max(TimeUnit.MILLISECONDS));
		assertThat(this.jdbc.sql("SELECT count(*) FROM orders WHERE status = 'PAID'").query(Integer.class).single())
			.isEqualTo(EVENTS / 2);
	}

	private void publishBacklog() throws Exception {
		List<CompletableFuture<?>> sends = new ArrayList<>();
		for (int i = 0; i < EVENTS / 2; i++) {
			String orderId = "drain-" + i;
			sends.add(events.publishAsync(metadata(orderId + "-placed", "order.placed", orderId), placed(orderId)));
			sends.add(events.publishAsync(metadata(orderId + "-paid", "order.paid", orderId), paid(orderId, "19.0")));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
	}

	private int applied() {
		return this.jdbc.sql("SELECT count(*) FROM applied_events").query(Integer.class).single();
	}

}
