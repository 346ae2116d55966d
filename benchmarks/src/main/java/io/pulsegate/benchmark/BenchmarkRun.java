package io.pulsegate.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import io.pulsegate.benchmark.Projection.Timeline;
import io.pulsegate.benchmark.events.OrderEvents;
import io.pulsegate.benchmark.load.HttpLoad;
import io.pulsegate.benchmark.load.HttpTarget;
import io.pulsegate.benchmark.load.LoadResult;
import io.pulsegate.benchmark.load.PulsarLoad;
import io.pulsegate.benchmark.load.Sequence;
import io.pulsegate.benchmark.report.Measurement;
import io.pulsegate.benchmark.report.Measurement.Latency;
import io.pulsegate.benchmark.report.Overload;
import io.pulsegate.benchmark.report.SoakSample;
import io.pulsegate.benchmark.stack.HeapSampler;
import io.pulsegate.benchmark.stack.ProcessMeter;
import io.pulsegate.benchmark.stack.ProcessUsage;
import io.pulsegate.benchmark.stack.Stack;
import org.HdrHistogram.Histogram;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;

/**
 * The benchmark's phases, in order, on a running {@link Stack}: warm-up, peak throughput
 * (closed loop), latency against offered rate (open loop), end to end, backlog drain and,
 * if asked, the soak.
 */
final class BenchmarkRun {

	static final String PROJECTION_SUBSCRIPTION = "order-projection";

	private static final String ACK_ONLY = "ack-only";

	private static final int RAW_IN_FLIGHT = 1_000;

	private static final int OPEN_LOOP_CONNECTIONS = 64;

	/**
	 * Connections for the overload: more than the admission limit's maximum (256), so
	 * that the limit, not the generator's connections, caps what the ingress works on.
	 * When the cores are saturated, requests still wait for a connection, since refusals
	 * are slow too: the report gives the latency from sending apart.
	 */
	private static final int OVERLOAD_CONNECTIONS = 512;

	private final BenchmarkOptions options;

	private final Stack stack;

	private final ProcessMeter meter;

	private final String run;

	private final Sequence sequence = new Sequence();

	private final HttpLoad http = new HttpLoad(this.sequence);

	private final OrderEvents events;

	private final List<Measurement> warmUp = new ArrayList<>();

	private final List<Measurement> measurements = new ArrayList<>();

	private final List<SoakSample> soak = new CopyOnWriteArrayList<>();

	private final List<Consumer<byte[]>> ackOnlyConsumers = new ArrayList<>();

	private List<String> readTopics = List.of();

	private Overload overload;

	private Producer<byte[]> rawProducer;

	private PulsarLoad raw;

	private HttpTarget send;

	private HttpTarget batch;

	private HttpTarget rest;

	private HttpTarget restBatch;

	BenchmarkRun(BenchmarkOptions options, Stack stack, String run) {
		this.options = options;
		this.stack = stack;
		this.meter = stack.meter();
		this.run = run;
		this.events = new OrderEvents(run);
	}

	List<Measurement> warmUp() {
		return this.warmUp;
	}

	List<Measurement> measurements() {
		return this.measurements;
	}

	List<SoakSample> soak() {
		return this.soak;
	}

	Overload overload() {
		return this.overload;
	}

	int eventSize() {
		return this.events.eventSize();
	}

	void execute() throws PulsarClientException, PulsarAdminException {
		prepare();
		warmUpEveryPath();
		if (this.options.endToEndOnly()) {
			endToEnd();
			return;
		}
		peakThroughput();
		if (!this.options.peakOnly()) {
			latencyAgainstRate();
			endToEnd();
			drain();
		}
		if (!this.options.overload().isZero()) {
			overloadIngress();
		}
		if (!this.options.soak().isZero()) {
			soakIngress();
		}
	}

	private void prepare() throws PulsarClientException {
		String rawTopic = this.stack.createLoadTopic("raw");
		String restTopic = this.stack.createLoadTopic("rest");
		// Every published message is read while the load runs, as in production.
		this.readTopics = List.of(rawTopic, restTopic, Stack.INGRESS_TOPIC);
		for (String topic : this.readTopics) {
			this.ackOnlyConsumers.add(ackOnlyConsumer(topic, ACK_ONLY, null));
		}
		this.rawProducer = this.stack.client()
			.newProducer(Schema.BYTES)
			.topic(rawTopic)
			.blockIfQueueFull(true)
			.maxPendingMessages(RAW_IN_FLIGHT)
			.create();
		this.raw = new PulsarLoad(this.sequence, this.events.envelope(), this.events::key);
		this.send = Targets.send("send", this.stack.ingressUrl(), Stack.LOAD_API_KEY, this.events);
		this.batch = Targets.batch(this.stack.ingressUrl(), Stack.LOAD_API_KEY, this.events);
		this.rest = Targets.restProducer(this.stack.brokerWebUrl(), restTopic, this.events, 1);
		this.restBatch = Targets.restProducer(this.stack.brokerWebUrl(), restTopic, this.events, Targets.BATCH);
	}

	/**
	 * Drives every path in turn, the end-to-end one included, until the warm-up time is
	 * over: each JVM (broker, ingress, consumer, generator) compiles its hot paths before
	 * anything counts.
	 */
	private void warmUpEveryPath() {
		long end = System.nanoTime() + this.options.warmUp().toNanos();
		OrderEvents warmUpOrders = new OrderEvents(this.run + "w");
		HttpTarget publicSend = Targets.send("send-public", this.stack.ingressUrl(), Stack.PUBLIC_API_KEY,
				warmUpOrders);
		Duration step = Duration.ofSeconds(10);
		for (int round = 1; System.nanoTime() < end; round++) {
			String phase = "warm-up " + round;
			this.warmUp.add(measure(phase, () -> this.raw.closed("raw-client", this.rawProducer, RAW_IN_FLIGHT, step)));
			this.warmUp.add(measure(phase, () -> this.http.closed(this.rest, 16, step.multipliedBy(2))));
			this.warmUp.add(measure(phase, () -> this.http.closed(this.send, 16, step.multipliedBy(2))));
			this.warmUp.add(measure(phase, () -> this.http.closed(this.restBatch, 16, step)));
			this.warmUp.add(measure(phase, () -> this.http.closed(this.batch, 16, step)));
			this.warmUp.add(measure(phase,
					() -> this.http.open(publicSend, OPEN_LOOP_CONNECTIONS, BenchmarkOptions.FIXED_RATE, step)));
		}
		awaitProjectionCaughtUp();
	}

	private void peakThroughput() {
		Duration length = this.options.peak();
		String phase = "peak";
		record(phase, () -> this.raw.closed("raw-client", this.rawProducer, RAW_IN_FLIGHT, length));
		for (int connections : List.of(16, 64)) {
			record(phase, () -> this.http.closed(this.rest, connections, length));
			record(phase, () -> this.http.closed(this.send, connections, length));
		}
		record(phase, () -> this.http.closed(this.restBatch, 16, length));
		record(phase, () -> this.http.closed(this.batch, 16, length));
	}

	private void latencyAgainstRate() {
		for (int rate : this.options.rates()) {
			Duration length = (rate == BenchmarkOptions.FIXED_RATE) ? this.options.fixedRate() : this.options.sweep();
			String phase = "rate " + rate;
			record(phase, () -> this.raw.open("raw-client", this.rawProducer, rate, length));
			record(phase, () -> this.http.open(this.rest, OPEN_LOOP_CONNECTIONS, rate, length));
			record(phase, () -> this.http.open(this.send, OPEN_LOOP_CONNECTIONS, rate, length));
		}
	}

	/**
	 * Events sent to the ingress at the fixed rate, on the topic the consumer projects:
	 * latency from each request's intended start to its row in PostgreSQL.
	 */
	private void endToEnd() {
		OrderEvents orders = new OrderEvents(this.run + "e");
		HttpTarget publicSend = Targets.send("send-public", this.stack.ingressUrl(), Stack.PUBLIC_API_KEY, orders);
		settle();
		ProcessMeter.Mark mark = this.meter.mark();
		LoadResult ingress = this.http.open(publicSend, OPEN_LOOP_CONNECTIONS, BenchmarkOptions.FIXED_RATE,
				this.options.fixedRate());
		awaitProjectionCaughtUp();
		Map<String, ProcessUsage> usage = this.meter.since(mark);
		this.measurements.add(print(Measurement.of("end-to-end", ingress, usage)));
		List<Timeline> timelines = new Projection(this.stack.jdbcUrl(), this.stack.databaseUser()).timelines(orders);
		long applied = timelines.size();
		this.measurements.add(print(new Measurement("end-to-end", "ingress-to-projection", "open", 0,
				BenchmarkOptions.FIXED_RATE, ingress.seconds(), applied, applied / ingress.seconds(), 0,
				Latency.of(Timeline.latencies(timelines, Timeline::committed)), 0, ingress.events() - applied,
				missing(ingress.events() - applied), usage)));
		// Where the time goes: to the message's publish time, and to the start of the
		// projection's transaction.
		stage("to-message-publish", ingress.seconds(), timelines, Timeline::published, usage);
		stage("to-projection-transaction-start", ingress.seconds(), timelines, Timeline::started, usage);
		writeTimelines(timelines);
	}

	private void stage(String path, double seconds, List<Timeline> timelines, ToLongFunction<Timeline> stage,
			Map<String, ProcessUsage> usage) {
		Histogram latencies = Timeline.latencies(timelines, stage);
		this.measurements.add(print(new Measurement("end-to-end", path, "open", 0, BenchmarkOptions.FIXED_RATE, seconds,
				latencies.getTotalCount(), latencies.getTotalCount() / seconds, 0, Latency.of(latencies), 0, 0,
				Map.of(), usage)));
	}

	/**
	 * Each end-to-end event's stages, in milliseconds from its intended start, by when
	 * that start was: a tail that comes in bursts shows when.
	 */
	private void writeTimelines(List<Timeline> timelines) {
		if (timelines.isEmpty()) {
			return;
		}
		long first = timelines.get(0).intended();
		StringBuilder csv = new StringBuilder(
				"intended_utc,intended_s,to_publish_ms,to_transaction_start_ms,to_commit_ms\n");
		for (Timeline timeline : timelines) {
			csv.append(String.format(Locale.ROOT, "%s,%.6f,%s,%.3f,%.3f%n",
					Instant.EPOCH.plus(timeline.intended(), ChronoUnit.MICROS), (timeline.intended() - first) / 1e6,
					(timeline.published() < 0) ? ""
							: String.format(Locale.ROOT, "%.3f", (timeline.published() - timeline.intended()) / 1e3),
					(timeline.started() - timeline.intended()) / 1e3,
					(timeline.committed() - timeline.intended()) / 1e3));
		}
		Path file = this.options.output().resolve("end-to-end-timeline.csv");
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, csv);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

	/**
	 * A backlog drained by the projection twice: by the warm consumer, frozen while the
	 * backlog was published, and by a consumer started afresh, as after an outage; then
	 * by a raw consumer that only acknowledges.
	 */
	private void drain() throws PulsarClientException, PulsarAdminException {
		projectionDrain("frozen", "consumer-projection-warm", this.stack::freezeConsumer, this.stack::thawConsumer);
		String rawSubscription = "raw-drain";
		this.stack.admin().topics().createSubscription(Stack.ORDERS_TOPIC, rawSubscription, MessageId.latest);
		LoadResult published = projectionDrain("stopped", "consumer-projection", this.stack::stopConsumer,
				this::startConsumer);

		writeBackPageCache();
		ProcessMeter.Mark mark = this.meter.mark();
		AtomicLong received = new AtomicLong();
		AtomicLong firstReceived = new AtomicLong();
		Consumer<byte[]> rawConsumer = ackOnlyConsumer(Stack.ORDERS_TOPIC, rawSubscription, (nanos) -> {
			firstReceived.compareAndSet(0, nanos);
			received.incrementAndGet();
		});
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		while (received.get() < published.events() && System.nanoTime() < deadline) {
			sleep(Duration.ofMillis(20));
		}
		double rawSeconds = (System.nanoTime() - firstReceived.get()) / 1e9;
		rawConsumer.close();
		this.measurements.add(print(new Measurement("drain", "raw-consumer-ack-only", "drain", 0, 0, rawSeconds,
				received.get(), received.get() / rawSeconds, 0, null, 0, published.events() - received.get(),
				missing(published.events() - received.get()), this.meter.since(mark))));
	}

	/**
	 * Publishes a backlog through the batch endpoint while the consumer is paused one way
	 * or the other, resumes it, and measures from its first acknowledgement to an empty
	 * backlog.
	 * @param pausedHow how the consumer is paused, as the report says it
	 * @param path the drain's name in the report
	 * @param pause pauses the consumer
	 * @param resume resumes it
	 * @return the publish of the backlog
	 */
	private LoadResult projectionDrain(String pausedHow, String path, Runnable pause, Runnable resume)
			throws PulsarAdminException {
		OrderEvents backlog = new OrderEvents(this.run + "d" + pausedHow.charAt(0));
		int count = this.options.backlog();
		LoadResult published;
		pause.run();
		try {
			published = this.http.closed(Targets.batch(this.stack.ingressUrl(), Stack.PUBLIC_API_KEY, backlog), 16,
					count / Targets.BATCH, Duration.ofMinutes(5));
		}
		catch (RuntimeException ex) {
			resume.run();
			throw ex;
		}
		writeBackPageCache();
		ProcessMeter.Mark mark = this.meter.mark();
		resume.run();
		this.measurements
			.add(print(Measurement.of("drain: publish backlog, consumer " + pausedHow, published, Map.of())));
		long startedAt = System.nanoTime();
		long firstAt = 0;
		long backlogLeft = backlog(PROJECTION_SUBSCRIPTION);
		long deadline = startedAt + TimeUnit.MINUTES.toNanos(10);
		while (backlogLeft > 0 && System.nanoTime() < deadline) {
			sleep(Duration.ofMillis(100));
			long now = backlog(PROJECTION_SUBSCRIPTION);
			if (firstAt == 0 && now < backlogLeft) {
				firstAt = System.nanoTime();
			}
			backlogLeft = now;
		}
		double seconds = (System.nanoTime() - firstAt) / 1e9;
		long applied = new Projection(this.stack.jdbcUrl(), this.stack.databaseUser()).applied(backlog);
		this.measurements
			.add(print(new Measurement("drain", path, "drain", 0, 0, seconds, applied, applied / seconds, 0, null, 0,
					published.events() - applied, missing(published.events() - applied), this.meter.since(mark))));
		return published;
	}

	private void startConsumer() {
		try {
			this.stack.startConsumer();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("The consumer did not start again", ex);
		}
	}

	/**
	 * The ingress at half the rate it sustains, then three times that rate, then half
	 * again at once: what it accepts and sheds, its latency and heap, and how soon it
	 * stops shedding. The rate it sustains is its closed-loop peak at 64 connections,
	 * which its admission limit, never below 64 by default, does not shed.
	 */
	private void overloadIngress() {
		Duration length = this.options.overload();
		double sustainable = sendPeak(OPEN_LOOP_CONNECTIONS);
		double normal = Math.floor(sustainable / 2);
		double over = Math.floor(sustainable * 3);
		try (HeapSampler heap = HeapSampler.start(this.stack.ingressUrl())) {
			Measurement before = measure("overload: half",
					() -> this.http.open(this.send, OVERLOAD_CONNECTIONS, normal, length));
			ProcessMeter.Mark mark = this.meter.mark();
			LoadResult overloaded = this.http.open(this.send, OVERLOAD_CONNECTIONS, over, length);
			Measurement during = print(Measurement.of("overload: 3x", overloaded, this.meter.since(mark)));
			mark = this.meter.mark();
			LoadResult recovering = this.http.open(this.send, OVERLOAD_CONNECTIONS, normal, length);
			Measurement after = print(Measurement.of("overload: half again", recovering, this.meter.since(mark)));
			this.measurements.addAll(List.of(before, during, after));
			this.overload = new Overload(sustainable, before.latency().p99(), over, during.eventsPerSecond(),
					during.latency().p99(), overloaded.millisFromSending(99), during.shed(), during.errors(),
					heap.peakUsedMiB(), heap.maxMiB(), recovering.shedFreeFromSecond(), after.latency().p99(),
					after.shed() + after.errors());
		}
	}

	/**
	 * The ingress at half its peak single-event rate for a long while: its resident
	 * memory is sampled every 10 seconds.
	 */
	private void soakIngress() {
		double rate = Math.floor(sendPeak(0) / 2);
		Thread sampler = new Thread(() -> {
			long start = System.nanoTime();
			while (!Thread.currentThread().isInterrupted()) {
				this.soak.add(new SoakSample((System.nanoTime() - start) / 1e9, this.meter.residentMiB("ingress")));
				if (!sleep(Duration.ofSeconds(10))) {
					return;
				}
			}
		}, "soak-sampler");
		sampler.setDaemon(true);
		sampler.start();
		try {
			record("soak", () -> this.http.open(this.send, OPEN_LOOP_CONNECTIONS, rate, this.options.soak()));
		}
		finally {
			sampler.interrupt();
		}
	}

	/**
	 * The peak of {@code POST /send} in this run.
	 * @param connections at these many connections, or 0 for the best at any
	 * @return events per second
	 */
	private double sendPeak(int connections) {
		return this.measurements.stream()
			.filter((measurement) -> measurement.phase().equals("peak") && measurement.path().equals("send")
					&& (connections == 0 || measurement.concurrency() == connections))
			.mapToDouble(Measurement::eventsPerSecond)
			.max()
			.orElseThrow();
	}

	private void awaitProjectionCaughtUp() {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		while (backlog(PROJECTION_SUBSCRIPTION) > 0 && System.nanoTime() < deadline) {
			sleep(Duration.ofMillis(100));
		}
	}

	private long backlog(String subscription) {
		try {
			var stats = this.stack.admin().topics().getStats(Stack.ORDERS_TOPIC).getSubscriptions().get(subscription);
			return (stats != null) ? stats.getMsgBacklog() : 0;
		}
		catch (PulsarAdminException ex) {
			throw new IllegalStateException("Could not read the backlog of " + subscription, ex);
		}
	}

	private Consumer<byte[]> ackOnlyConsumer(String topic, String subscription,
			java.util.function.LongConsumer onMessage) throws PulsarClientException {
		return this.stack.client()
			.newConsumer(Schema.BYTES)
			.topic(topic)
			.subscriptionName(subscription)
			.subscriptionType(SubscriptionType.Shared)
			.subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
			.messageListener((consumer, message) -> {
				consumer.acknowledgeAsync(message);
				if (onMessage != null) {
					onMessage.accept(System.nanoTime());
				}
			})
			.subscribe();
	}

	private static Map<String, Long> missing(long count) {
		return (count != 0) ? Map.of("published but not applied", count) : Map.of();
	}

	private void record(String phase, Supplier<LoadResult> load) {
		this.measurements.add(measure(phase, load));
	}

	private Measurement measure(String phase, Supplier<LoadResult> load) {
		settle();
		ProcessMeter.Mark mark = this.meter.mark();
		LoadResult result = load.get();
		return print(Measurement.of(phase, result, this.meter.since(mark)));
	}

	/**
	 * Starts a phase from the same state as every other: nothing left for the readers,
	 * nothing left for the disk.
	 */
	private void settle() {
		skipLeftoverBacklogs();
		writeBackPageCache();
	}

	/**
	 * Has the kernel write out what earlier phases left in the page cache (the bookie
	 * writes its journal and entry logs without syncing them): written back during a
	 * phase, 150 MB of it coincided with a 28-ms stall of the end-to-end run's
	 * projection, whose commits wait for the same disk.
	 */
	private static void writeBackPageCache() {
		try {
			new ProcessBuilder("sync").inheritIO().start().waitFor();
		}
		catch (IOException ex) {
			// No sync command (not Linux or a BSD): the phase starts as it is.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Skips what the ack-only readers have not read yet. They read while the load runs,
	 * but a phase faster than they are (the raw client's peak outruns them six times)
	 * leaves a backlog of a million messages; drained, it took more than a core of the
	 * broker's through the minute of phases after it.
	 */
	private void skipLeftoverBacklogs() {
		for (String topic : this.readTopics) {
			try {
				this.stack.admin().topics().skipAllMessages(topic, ACK_ONLY);
			}
			catch (PulsarAdminException ex) {
				throw new IllegalStateException("Could not skip the backlog of " + topic, ex);
			}
		}
	}

	private static Measurement print(Measurement measurement) {
		Latency latency = measurement.latency();
		String latencies = (latency != null)
				? String.format("p50 %7.2f  p99 %7.2f  p99.9 %7.2f ms", latency.p50(), latency.p99(), latency.p999())
				: "";
		String load = measurement.mode().equals("open") ? String.format("%6.0f/s", measurement.offeredRate())
				: String.format("%6d  ", measurement.concurrency());
		System.out.printf("%-22s %-24s %-6s %s %9.0f events/s  %s  shed %d  errors %d %s%n", measurement.phase(),
				measurement.path(), measurement.mode(), load, measurement.eventsPerSecond(), latencies,
				measurement.shed(), measurement.errors(),
				measurement.errorKinds().isEmpty() ? "" : measurement.errorKinds());
		return measurement;
	}

	private static boolean sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	void close() {
		this.http.close();
		for (Consumer<byte[]> consumer : this.ackOnlyConsumers) {
			consumer.closeAsync();
		}
		if (this.rawProducer != null) {
			this.rawProducer.closeAsync();
		}
	}

}
