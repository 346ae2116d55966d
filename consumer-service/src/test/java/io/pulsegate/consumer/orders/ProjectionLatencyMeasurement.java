package io.pulsegate.consumer.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
import io.micrometer.core.instrument.distribution.CountAtBucket;
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
		"logging.level.io.pulsegate=warn" })
@Import({ SharedBrokerConfiguration.class, TestDatabaseConfiguration.class })
class ProjectionLatencyMeasurement {

	private static final int RATE = Integer.getInteger("pulsegate.latency.rate", 1000);

	private static final int SECONDS = Integer.getInteger("pulsegate.latency.seconds", 30);

	private static final int WARM_UP = Integer.getInteger("pulsegate.latency.warm-up", 10);

	private static final int WINDOW = 5;

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
		int total = RATE * (WARM_UP + SECONDS);
		int perTick = RATE / TICKS_PER_SECOND;
		AtomicInteger sent = new AtomicInteger();
		ConcurrentLinkedQueue<CompletableFuture<?>> sends = new ConcurrentLinkedQueue<>();
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
		Latencies measured;
		try {
			ticker.scheduleAtFixedRate(() -> {
				for (int i = 0; i < perTick && sent.get() < total; i++) {
					sends.add(publish(sent.getAndIncrement()));
				}
			}, 0, 1000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
			await().atMost(Duration.ofSeconds(WARM_UP * 3L)).until(() -> sent.get() >= RATE * WARM_UP);
			Latencies start = latencies();
			Latencies window = start;
			for (int second = WINDOW; second <= SECONDS; second += WINDOW) {
				int due = RATE * (WARM_UP + second);
				await().atMost(Duration.ofSeconds(WINDOW * 3L)).until(() -> sent.get() >= due);
				Latencies now = latencies();
				System.out.printf(Locale.ROOT, "LATENCY window to %d s: %s%n", second, now.minus(window));
				window = now;
			}
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
			await().atMost(Duration.ofMinutes(5))
				.until(() -> this.jdbc.sql("SELECT count(*) FROM applied_events")
					.query(Integer.class)
					.single() == total);
			measured = latencies().minus(start);
		}
		finally {
			ticker.shutdownNow();
		}
		System.out.printf(Locale.ROOT,
				"%nLATENCY at %d events/s for %d s after %d s of warm-up (concurrency %d): %s%n%n", RATE, SECONDS,
				WARM_UP, this.properties.concurrency(), measured);
		assertThat(measured.count()).isPositive();
	}

	// Both event types' end-to-end timers: bucket counts, cumulative since start.
	private Latencies latencies() {
		Latencies sum = null;
		for (String type : List.of("order.placed", "order.paid")) {
			Timer timer = this.meters.find("pulsegate.consumer.end.to.end").tag("type", type).timer();
			if (timer == null) {
				continue;
			}
			CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
			Latencies latencies = new Latencies(
					Arrays.stream(buckets).mapToDouble((bucket) -> bucket.bucket(TimeUnit.MILLISECONDS)).toArray(),
					Arrays.stream(buckets).mapToDouble(CountAtBucket::count).toArray());
			sum = (sum != null) ? sum.plus(latencies) : latencies;
		}
		return (sum != null) ? sum : new Latencies(new double[0], new double[0]);
	}

	/**
	 * End-to-end latencies as a histogram: for each bucket's upper bound, how many were
	 * at most that long.
	 */
	private record Latencies(double[] boundsMillis, double[] counts) {

		Latencies plus(Latencies other) {
			return new Latencies(this.boundsMillis, combine(other, 1));
		}

		Latencies minus(Latencies other) {
			return new Latencies(this.boundsMillis, combine(other, -1));
		}

		private double[] combine(Latencies other, int sign) {
			double[] result = this.counts.clone();
			for (int i = 0; i < Math.min(result.length, other.counts.length); i++) {
				result[i] += sign * other.counts[i];
			}
			return result;
		}

		double count() {
			return (this.counts.length > 0) ? this.counts[this.counts.length - 1] : 0;
		}

		// The bucket bound that the given share of latencies does not exceed.
		double percentile(double share) {
			for (int i = 0; i < this.counts.length; i++) {
				if (this.counts[i] >= share * count()) {
					return this.boundsMillis[i];
				}
			}
			return Double.POSITIVE_INFINITY;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"%.0f events, p50 <= %.1f ms, p90 <= %.1f ms, p99 <= %.1f ms, " + "p99.9 <= %.1f ms", count(),
					percentile(0.5), percentile(0.9), percentile(0.99), percentile(0.999));
		}

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
