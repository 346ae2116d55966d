package io.pulsegate.benchmark.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator against a small local HTTP server whose answers the tests control.
 */
class HttpLoadTests {

	static {
		// Without it the JDK's server waits for delayed ACKs: 40 ms per answer.
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	private final HttpLoad load = new HttpLoad(new Sequence());

	private final AtomicInteger requests = new AtomicInteger();

	private HttpServer server;

	@AfterEach
	void stop() {
		this.load.close();
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void aClosedLoopWithABudgetSendsExactlyThatManyRequests() throws IOException {
		serve((exchange, number) -> answer(exchange, 202));
		LoadResult result = this.load.closed(target(1), 4, 500, Duration.ofSeconds(30));
		assertThat(result.requests()).isEqualTo(500);
		assertThat(this.requests).hasValue(500);
		assertThat(result.errors()).isZero();
		assertThat(result.latency().getTotalCount()).isEqualTo(500);
	}

	@Test
	void eventsCountEveryEventOfARequest() throws IOException {
		serve((exchange, number) -> answer(exchange, 202));
		LoadResult result = this.load.closed(target(100), 2, 10, Duration.ofSeconds(30));
		assertThat(result.events()).isEqualTo(1_000);
	}

	@Test
	void refusalsWithRetryAfterAreShedAndOtherFailuresAreErrorsByKind() throws IOException {
		serve((exchange, number) -> {
			switch (number % 4) {
				case 0 -> {
					exchange.getResponseHeaders().add("Retry-After", "0");
					answer(exchange, (number % 8 == 0) ? 429 : 503);
				}
				case 1 -> answer(exchange, 500);
				case 2 -> answer(exchange, 503);
				default -> answer(exchange, 202);
			}
		});
		LoadResult result = this.load.closed(target(1), 1, 40, Duration.ofSeconds(30));
		assertThat(result.requests()).isEqualTo(10);
		assertThat(result.shed()).isEqualTo(10);
		assertThat(result.errors()).isEqualTo(20);
		assertThat(result.errorKinds()).containsOnly(Map.entry("status 500", 10L), Map.entry("status 503", 10L));
		assertThat(result.shedFreeFromSecond()).isPositive();
	}

	@Test
	void theFirstSecondWithNothingShedTellsWhenSheddingStopped() throws IOException {
		// The first 100 requests, due in the first half second, are shed.
		serve((exchange, number) -> {
			if (number < 100) {
				exchange.getResponseHeaders().add("Retry-After", "1");
				answer(exchange, 429);
			}
			else {
				answer(exchange, 202);
			}
		});
		LoadResult result = this.load.open(target(1), 4, 200, Duration.ofSeconds(3));
		assertThat(result.shed()).isEqualTo(100);
		assertThat(result.requests()).isEqualTo(500);
		assertThat(result.shedFreeFromSecond()).isEqualTo(1);
	}

	@Test
	void aStalledAnswerDelaysTheRequestsDueBehindItWhichOnlyTheLatencyFromWhenDueShows() throws IOException {
		CountDownLatch stalled = new CountDownLatch(1);
		serve((exchange, number) -> {
			if (number == 20) {
				// One answer held for 400 ms, on the only connection.
				awaitQuietly(stalled, 400);
			}
			answer(exchange, 202);
		});
		LoadResult result = this.load.open(target(1), 1, 200, Duration.ofSeconds(2));
		assertThat(result.requests()).isEqualTo(400);
		// About 80 requests fell due while the connection was held: measured from when
		// they were due, each of them was late. Timed from its sending, only the held
		// one is.
		long late = result.latency().getCountBetweenValues(150_000, Long.MAX_VALUE);
		assertThat(late).isGreaterThan(40);
		assertThat(result.latency().getMaxValue()).isGreaterThanOrEqualTo(390_000);
		assertThat(result.fromSending().getTotalCount()).isEqualTo(400);
		assertThat(result.fromSending().getCountBetweenValues(150_000, Long.MAX_VALUE)).isEqualTo(1);
		assertThat(result.fromSending().getMaxValue()).isGreaterThanOrEqualTo(390_000);
	}

	@Test
	void whatIsStillUnansweredIsCountedByWhereItWaits() throws IOException {
		CountDownLatch release = new CountDownLatch(1);
		serve((exchange, number) -> {
			if (number == 10) {
				// Held past the end of the run and the time its answers may take.
				awaitQuietly(release, 5_000);
			}
			answer(exchange, 202);
		});
		try (HttpLoad patient = new HttpLoad(new Sequence(), Duration.ofMillis(500))) {
			// 50 requests due over one connection: the 11th is sent and never answered,
			// the 39 after it never get a connection.
			LoadResult result = patient.open(target(1), 1, 100, Duration.ofMillis(500));

			assertThat(result.requests()).isEqualTo(10);
			assertThat(result.errorKinds()).containsOnly(Map.entry("unanswered (sent)", 1L),
					Map.entry("unanswered (no connection)", 39L));
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void aFastOpenLoopSendsEveryRequestThatFellDue() throws IOException {
		serve((exchange, number) -> answer(exchange, 202));
		// 20 requests due each millisecond, issued together when the event loop wakes.
		LoadResult result = this.load.open(target(1), 16, 20_000, Duration.ofMillis(500));
		assertThat(result.requests()).isEqualTo(10_000);
		assertThat(this.requests).hasValue(10_000);
		assertThat(result.errors()).isZero();
	}

	@Test
	void anOpenLoopLeavesTheCoresToWhatItMeasures() throws IOException {
		serve((exchange, number) -> answer(exchange, 202));
		LoadResult result = this.load.open(target(1), 4, 500, Duration.ofSeconds(2));
		assertThat(result.requests()).isEqualTo(1_000);
		// An event loop that never blocks in its selector takes as much CPU time as the
		// run is long; a thousand requests take a small share of it.
		assertThat(cpuTimeOfThreadsNamed("http-load-")).isLessThan(Duration.ofSeconds(1));
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void aClosedLoopClientWaitsAsLongAsAShedAnswerSaysBeforeItsNextRequest(boolean closesConnection)
			throws IOException {
		List<Long> arrivals = new CopyOnWriteArrayList<>();
		serve((exchange, number) -> {
			arrivals.add(System.nanoTime());
			if (number == 0) {
				exchange.getResponseHeaders().add("Retry-After", "1");
				if (closesConnection) {
					// As Tomcat does with every 503.
					exchange.getResponseHeaders().add("Connection", "close");
				}
				answer(exchange, 503);
			}
			else {
				answer(exchange, 202);
			}
		});
		LoadResult result = this.load.closed(target(1), 1, 3, Duration.ofSeconds(30));
		assertThat(result.shed()).isEqualTo(1);
		assertThat(result.requests()).isEqualTo(2);
		assertThat(arrivals.get(1) - arrivals.get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(990));
		assertThat(arrivals.get(2) - arrivals.get(1)).isLessThan(TimeUnit.MILLISECONDS.toNanos(990));
	}

	private HttpTarget target(int eventsPerRequest) {
		return new HttpTarget("test", URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/send"),
				Map.of("Content-Type", "application/json"), (sequence, micros) -> "{}".getBytes(),
				HttpTarget.Success.status(202), eventsPerRequest);
	}

	private void serve(Handler handler) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newFixedThreadPool(4));
		this.server.createContext("/send", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			handler.handle(exchange, this.requests.getAndIncrement());
		});
		this.server.start();
	}

	private static void answer(HttpExchange exchange, int status) throws IOException {
		byte[] body = "{}".getBytes();
		exchange.sendResponseHeaders(status, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	private static Duration cpuTimeOfThreadsNamed(String prefix) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long nanos = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith(prefix))
			.mapToLong((thread) -> Math.max(0, threads.getThreadCpuTime(thread.getId())))
			.sum();
		return Duration.ofNanos(nanos);
	}

	private static void awaitQuietly(CountDownLatch latch, long millis) {
		try {
			latch.await(millis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	private interface Handler {

		void handle(HttpExchange exchange, int number) throws IOException;

	}

}
