package io.pulsegate.consumer.events;

import java.time.Duration;
import java.time.Instant;

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
		count("pulsegate.consumer.events.processed", "Events handled and acknowledged", type);
		timer("pulsegate.consumer.handler", "Time the handler took for an event it handled", type).record(handling);
		timer("pulsegate.consumer.end.to.end", "From the event's time to its acknowledgement after handling", type)
			.record(Duration.between(time, Instant.now()));
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
		Counter.builder(name)
			.description(description)
			.tag("type", tag(type))
			.tag("subscription", this.subscription)
			.register(this.meters)
			.increment();
	}

	private Timer timer(String name, String description, @Nullable String type) {
		return Timer.builder(name)
			.description(description)
			.tag("type", tag(type))
			.tag("subscription", this.subscription)
			.publishPercentileHistogram()
			.register(this.meters);
	}

	private static String tag(@Nullable String type) {
		return (type != null) ? type : "unknown";
	}

}
