package io.pulsegate.benchmark.load;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import org.HdrHistogram.Histogram;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClientException;

/**
 * Publishes with Pulsar's own Java client, asynchronously: the ceiling every HTTP path is
 * compared with. Closed loop keeps a fixed number of messages in flight; open loop sends
 * at a fixed rate and counts each latency from when its message was due.
 */
public final class PulsarLoad {

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

	private final Sequence sequence;

	private final RequestBody payload;

	private final LongFunction<String> key;

	/**
	 * A load of messages.
	 * @param sequence numbers the messages
	 * @param payload renders each message's value
	 * @param key each message's key, from its number
	 */
	public PulsarLoad(Sequence sequence, RequestBody payload, LongFunction<String> key) {
		this.sequence = sequence;
		this.payload = payload;
		this.key = key;
	}

	public LoadResult closed(String name, Producer<byte[]> producer, int inFlight, Duration duration) {
		Semaphore room = new Semaphore(inFlight);
		Tally tally = new Tally();
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		while (System.nanoTime() < end) {
			room.acquireUninterruptibly();
			long sentAt = System.nanoTime();
			send(producer, sentAt).whenComplete((id, failure) -> {
				long now = System.nanoTime();
				if (now <= end) {
					tally.count(failure, now - sentAt);
				}
				room.release();
			});
		}
		awaitAll(producer, room, inFlight);
		return tally.result(name, "closed", inFlight, 0, duration.toNanos() / 1e9);
	}

	public LoadResult open(String name, Producer<byte[]> producer, double perSecond, Duration duration) {
		Tally tally = new Tally();
		AtomicLong outstanding = new AtomicLong();
		AtomicLong lastAnswer = new AtomicLong();
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		double interval = 1e9 / perSecond;
		for (long i = 0;; i++) {
			long dueAt = start + (long) (i * interval);
			if (dueAt >= end) {
				break;
			}
			long wait = dueAt - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			outstanding.incrementAndGet();
			send(producer, dueAt).whenComplete((id, failure) -> {
				long now = System.nanoTime();
				tally.count(failure, now - dueAt);
				lastAnswer.accumulateAndGet(now, Math::max);
				outstanding.decrementAndGet();
			});
		}
		flush(producer);
		long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
		while (outstanding.get() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
		tally.unanswered(outstanding.get());
		double seconds = Math.max(duration.toNanos(), lastAnswer.get() - start) / 1e9;
		return tally.result(name, "open", 0, perSecond, seconds);
	}

	private CompletableFuture<MessageId> send(Producer<byte[]> producer, long dueAt) {
		long number = this.sequence.next();
		long epochMicros = Tally.EPOCH_MICROS_AT_LOAD + (dueAt - Tally.NANOS_AT_LOAD) / 1_000;
		return producer.newMessage()
			.key(this.key.apply(number))
			.value(this.payload.render(number, epochMicros))
			.sendAsync();
	}

	private static void awaitAll(Producer<byte[]> producer, Semaphore room, int inFlight) {
		flush(producer);
		try {
			if (!room.tryAcquire(inFlight, ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(
						"The broker did not acknowledge every message within " + ANSWER_TIMEOUT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		room.release(inFlight);
	}

	private static void flush(Producer<byte[]> producer) {
		try {
			producer.flush();
		}
		catch (PulsarClientException ex) {
			throw new IllegalStateException("Could not flush " + producer.getTopic(), ex);
		}
	}

	/** Counts answers from the client's threads. */
	private static final class Tally {

		static final long NANOS_AT_LOAD = System.nanoTime();

		static final long EPOCH_MICROS_AT_LOAD = epochMicros(Instant.now());

		private final Latencies latencies = new Latencies();

		private final AtomicLong succeeded = new AtomicLong();

		private final AtomicLong failed = new AtomicLong();

		void count(Throwable failure, long nanos) {
			if (failure == null) {
				this.succeeded.incrementAndGet();
				this.latencies.record(nanos);
			}
			else {
				this.failed.incrementAndGet();
			}
		}

		void unanswered(long count) {
			this.failed.addAndGet(count);
		}

		LoadResult result(String name, String mode, int concurrency, double rate, double seconds) {
			long ok = this.succeeded.get();
			long failed = this.failed.get();
			Histogram latency = this.latencies.histogram();
			return new LoadResult(name, mode, concurrency, rate, seconds, ok, ok, 0, failed,
					(failed > 0) ? Map.of("not acknowledged", failed) : Map.of(), latency, latency, 0);
		}

		private static long epochMicros(Instant instant) {
			return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
		}

	}

}
