package io.pulsegate.consumer.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * What became of each event the main subscription received, counted per event type; and
 * how many events were applied together.
 */
@Component
class EventMetrics {

	private final MeterRegistry meters;

	private final String subscription;

	private final DistributionSummary batchSize;

	private final Counter batchesSplit;

	// By type: processed events are decoded ones, whose types the catalog bounds.
	private final Map<String, Processed> processed = new ConcurrentHashMap<>();

	EventMetrics(MeterRegistry meters, ConsumerProperties properties) {
		this.meters = meters;
		this.subscription = properties.subscription();
		this.batchSize = DistributionSummary.builder("pulsegate.consumer.batch.size")
			.description("Events applied together, in one transaction")
			.tag("subscription", this.subscription)
			.register(meters);
		this.batchesSplit = Counter.builder("pulsegate.consumer.batches.split")
			.description("Batches rolled back because one of their events failed, then applied one event at a time")
			.tag("subscription", this.subscription)
			.register(meters);
	}

	/**
	 * An event was handled and acknowledged.
	 * @param type its type
	 * @param handling how long its handler took; for an event applied in a batch, the
	 * whole batch's time
	 * @param time the event's time, from which its end-to-end latency is measured
	 */
	void processed(@Nullable String type, Duration handling, Instant time) {
		Processed meters = this.processed.computeIfAbsent(tag(type),
				(tag) -> new Processed(
						counter("pulsegate.consumer.events.processed", "Events handled and acknowledged", tag),
						timer("pulsegate.consumer.handler", "Time the handler took for an event it handled", tag),
						timer("pulsegate.consumer.end.to.end",
								"From the event's time to its acknowledgement after handling", tag)));
		meters.count().increment();
		meters.handling().record(handling);
		meters.endToEnd().record(Duration.between(time, Instant.now()));
	}

	void failed(@Nullable String type) {
		count("pulsegate.consumer.events.failed", "Deliveries whose handler failed", type);
	}

	void retried(@Nullable String type) {
		count("pulsegate.consumer.events.retried", "Failed deliveries that will be delivered again", type);
	}

	void deadLettered(@Nullable String type, String cause) {
		Counter.builder("pulsegate.consumer.events.dead.lettered")
			.description("Events moved to the dead-letter topic")
			.tag("type", tag(type))
			.tag("subscription", this.subscription)
			.tag("cause", cause)
			.register(this.meters)
			.increment();
	}

	void batchApplied(int events) {
		this.batchSize.record(events);
	}

	void batchSplit() {
		this.batchesSplit.increment();
	}

	private void count(String name, String description, @Nullable String type) {
		counter(name, description, tag(type)).increment();
	}

	private Counter counter(String name, String description, String type) {
		return Counter.builder(name)
			.description(description)
			.tag("type", type)
			.tag("subscription", this.subscription)
			.register(this.meters);
	}

	private Timer timer(String name, String description, String type) {
		return Timer.builder(name)
			.description(description)
			.tag("type", type)
			.tag("subscription", this.subscription)
			.publishPercentileHistogram()
			.register(this.meters);
	}

	private static String tag(@Nullable String type) {
		return (type != null) ? type : "unknown";
	}

	private record Processed(Counter count, Timer handling, Timer endToEnd) {
	}

}
