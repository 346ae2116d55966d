package io.pulsegate.consumer.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.pulsegate.consumer.TestEvents;
import io.pulsegate.consumer.events.ConsumerProperties;
import io.pulsegate.events.EventMetadata;
import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.TestDatabaseConfiguration;
import org.apache.pulsar.client.api.PulsarClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.pulsegate.consumer.TestEvents.paid;
import static io.pulsegate.consumer.TestEvents.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer's end-to-end latency at a steady rate: a measurement, not a test. Its name
 * keeps it out of the build; run it on purpose, on a machine as idle as can be: <pre>
 * ./mvnw -B -pl consumer-service -am verify -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest=ProjectionLatencyMeasurement [-Dpulsegate.latency.rate=1000] \
 *     [-Dpulsegate.latency.seconds=30]
 * </pre> Publishes placed-then-paid pairs at the given rate, each event stamped with the
 * time it is sent, and prints the percentiles of {@code pulsegate.consumer.end.to.end}:
 * from that time to the event's acknowledgement after its transaction committed.
 */
@SpringBootTest(properties = { "pulsegate.consumer.subscription=latency-measurement",
		"pulsegate.consumer.audit-subscription=audit-latency-measurement", "pulsegate.consumer.backlog-interval=1h",
		"logging.level.io.pulsegate=warn",
		"management.metrics.distribution.percentiles.pulsegate.consumer.end.to.end=0.5,0.9,0.99,0.999",
		"management.metrics.distribution.expiry.pulsegate.consumer.end.to.end=1h",
		"management.metrics.distribution.buffer-length.pulsegate.consumer.end.to.end=1" })
@Import({ SharedBrokerConfiguration.class, TestDatabaseConfiguration.class })
class ProjectionLatencyMeasurement {

	private static final int RATE = Integer.getInteger("pulsegate.latency.rate", 1000);

	private static final int SECONDS = Integer.getInteger("pulsegate.latency.seconds", 30);

	private static final int TICKS_PER_SECOND = 100;

	@RegisterExtension
	static final TestEvents events = TestEvents.onNewTopic("latency-measurement");

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
	void endToEndLatencyAtASteadyRate() throws Exception {
		int total = RATE * SECONDS;
		int perTick = RATE / TICKS_PER_SECOND;
		AtomicInteger sent = new AtomicInteger();
		ConcurrentLinkedQueue<CompletableFuture<?>> sends = new ConcurrentLinkedQueue<>();
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
		try {
			ticker.scheduleAtFixedRate(() -> {
				for (int i = 0; i < perTick && sent.get() < total; i++) {
					sends.add(publish(sent.getAndIncrement()));
				}
			}, 0, 1000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
			await().atMost(Duration.ofSeconds(SECONDS * 3L)).until(() -> sent.get() >= total);
		}
		finally {
			ticker.shutdownNow();
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
		await().atMost(Duration.ofMinutes(5))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM applied_events").query(Integer.class).single() == total);

		for (String type : List.of("order.placed", "order.paid")) {
			Timer latency = this.meters.get("pulsegate.consumer.end.to.end").tag("type", type).timer();
			StringBuilder percentiles = new StringBuilder();
			for (ValueAtPercentile value : latency.takeSnapshot().percentileValues()) {
				percentiles.append(String.format(Locale.ROOT, " p%s=%.1f ms", value.percentile() * 100,
						value.value(TimeUnit.MILLISECONDS)));
			}
			System.out.printf(Locale.ROOT, "%nLATENCY %s at %d events/s for %d s (concurrency %d):%s%n%n", type, RATE,
					SECONDS, this.properties.concurrency(), percentiles);
		}
		assertThat(this.meters.get("pulsegate.consumer.events.processed").counters()).isNotEmpty();
	}

	// Placed and paid in turn, each pair for an order of its own.
	private static CompletableFuture<?> publish(int number) {
		String orderId = "latency-" + (number / 2);
		boolean placement = number % 2 == 0;
		EventMetadata metadata = new EventMetadata(orderId + (placement ? "-placed" : "-paid"),
				placement ? "order.placed" : "order.paid", "/test", Instant.now(), orderId, Map.of());
		try {
			return events.publishAsync(metadata, placement ? placed(orderId) : paid(orderId, "19.0"));
		}
		catch (PulsarClientException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

}
