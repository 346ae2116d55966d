package io.pulsegate.system.chaos;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Clients that send a run's events through the ingress instances concurrently, each its
 * share, one event at a time, at a steady pace. A client retries an event with the same
 * {@code Idempotency-Key} and body on a timeout, a connection error, {@code 409},
 * {@code 429} or any {@code 5xx}, with backoff, each time to the next instance, until it
 * is acknowledged. Nothing blocks: requests are asynchronous, and waits are scheduled.
 */
final class LoadClients implements AutoCloseable {

	private static final long MIN_BACKOFF_MILLIS = 100;

	private static final long MAX_BACKOFF_MILLIS = 1_000;

	private final ChaosSettings settings;

	private final Ingresses ingresses;

	private final String apiKey;

	private final Ledger ledger;

	private final String runId;

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

	private final List<Client> clients = new ArrayList<>();

	private final AtomicInteger probes = new AtomicInteger();

	private volatile boolean closed;

	LoadClients(ChaosSettings settings, Ingresses ingresses, String apiKey, Ledger ledger, String runId) {
		this.settings = settings;
		this.ingresses = ingresses;
		this.apiKey = apiKey;
		this.ledger = ledger;
		this.runId = runId;
	}

	/** Creates every client's events and starts sending them. */
	void start() {
		long pace = TimeUnit.SECONDS.toNanos(this.settings.clients()) / this.settings.rate();
		for (int number = 0; number < this.settings.clients(); number++) {
			List<LoadEvent> share = new ArrayList<>();
			for (int i = number; i < this.settings.events(); i += this.settings.clients()) {
				String id = this.runId + "-" + i;
				share.add(this.ledger.newEvent(id, id));
			}
			this.clients.add(new Client(number, share, pace));
		}
		this.clients.forEach(Client::next);
	}

	/**
	 * Sends one more event, on a client of its own, until it is acknowledged: a fault's
	 * probe, sent right after the fault.
	 * @param name part of its key, such as the fault
	 * @return the event
	 */
	LoadEvent probe(String name) {
		String id = this.runId + "-probe-" + this.probes.incrementAndGet() + "-" + name;
		LoadEvent probe = this.ledger.newEvent(id, id);
		new Client(this.clients.size() + this.probes.get(), List.of(probe), 0).next();
		return probe;
	}

	boolean isDone() {
		return this.clients.stream().allMatch(Client::isDone);
	}

	/** Stops sending: what is not acknowledged by now stays so. */
	@Override
	public void close() {
		this.closed = true;
		this.scheduler.shutdownNow();
	}

	private void schedule(Runnable task, long delay, TimeUnit unit) {
		if (!this.closed) {
			this.scheduler.schedule(task, delay, unit);
		}
	}

	/** One client: its own connections, its share of the events, one at a time. */
	private final class Client {

		private final int number;

		private final List<LoadEvent> events;

		private final long paceNanos;

		private final HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();

		private int position;

		private volatile boolean done;

		Client(int number, List<LoadEvent> events, long paceNanos) {
			this.number = number;
			this.events = events;
			this.paceNanos = paceNanos;
		}

		boolean isDone() {
			return this.done;
		}

		void next() {
			if (this.position == this.events.size()) {
				this.done = true;
				return;
			}
			attempt(this.events.get(this.position++), System.nanoTime());
		}

		private void attempt(LoadEvent event, long started) {
			int attempt = event.nextAttempt();
			HttpRequest request = HttpRequest
				.newBuilder(URI.create(LoadClients.this.ingresses.url(this.number + attempt) + "/send"))
				.header("Content-Type", "application/json")
				.header("X-API-Key", LoadClients.this.apiKey)
				.header("Idempotency-Key", event.key())
				.timeout(LoadClients.this.settings.requestTimeout())
				.POST(HttpRequest.BodyPublishers.ofString(event.body()))
				.build();
			this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
				.whenComplete((response, failure) -> answered(event, started, attempt, response, failure));
		}

		private void answered(LoadEvent event, long started, int attempt, @Nullable HttpResponse<String> response,
				@Nullable Throwable failure) {
			String answer = (response != null) ? answer(response) : answer(failure);
			LoadClients.this.ledger.answered(answer);
			if (response != null && response.statusCode() / 100 == 2) {
				LoadClients.this.ledger.acknowledged(event);
				long wait = Math.max(0, this.paceNanos - (System.nanoTime() - started));
				schedule(this::next, wait, TimeUnit.NANOSECONDS);
			}
			else if (response == null || isRetryable(response.statusCode())) {
				schedule(() -> attempt(event, started), backoff(attempt), TimeUnit.MILLISECONDS);
			}
			else {
				event.refuse(response.statusCode() + " " + response.body());
				schedule(this::next, 0, TimeUnit.NANOSECONDS);
			}
		}

		private static String answer(HttpResponse<String> response) {
			boolean replayed = response.headers().firstValue("Idempotent-Replayed").isPresent();
			return response.statusCode() + (replayed ? " replayed" : "");
		}

		private static String answer(@Nullable Throwable failure) {
			Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
					? failure.getCause() : failure;
			if (cause instanceof HttpTimeoutException) {
				return "timeout";
			}
			if (cause instanceof ConnectException) {
				return "connection refused";
			}
			if (cause instanceof IOException) {
				return "connection lost";
			}
			return String.valueOf(cause);
		}

		private static boolean isRetryable(int status) {
			return status == 409 || status == 429 || status / 100 == 5;
		}

		private static long backoff(int attempt) {
			long exponential = MIN_BACKOFF_MILLIS << Math.min(attempt - 1, 10);
			return Math.min(exponential, MAX_BACKOFF_MILLIS) + ThreadLocalRandom.current().nextLong(MIN_BACKOFF_MILLIS);
		}

	}

}
