package io.pulsegate.system.monitoring;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server ({@code PROMETHEUS}, or the {@code prometheus} on the PATH,
 * such as Debian's package installs) run as a process of the test, with its storage in a
 * directory of its own, and a client of its HTTP API. Where {@code setpriv} exists it
 * gets SIGTERM when the test JVM dies, so that not even a killed test leaves it behind.
 */
final class PrometheusServer implements AutoCloseable {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

	private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final int port;

	private final Path logFile;

	private PrometheusServer(Process process, int port, Path logFile) {
		this.process = process;
		this.port = port;
		this.logFile = logFile;
	}

	/**
	 * Starts Prometheus with a configuration; call {@link #awaitReady} before querying
	 * it.
	 * @param configuration the content of its {@code prometheus.yml}
	 * @param workDirectory where its configuration and storage go
	 * @param logDirectory where its output goes
	 * @return the running server
	 * @throws IOException if it cannot be started
	 */
	static PrometheusServer start(String configuration, Path workDirectory, Path logDirectory) throws IOException {
		Files.createDirectories(logDirectory);
		Path config = Files.writeString(workDirectory.resolve("prometheus.yml"), configuration);
		Path log = logDirectory.resolve("prometheus.log");
		int port = freePort();
		List<String> command = new ArrayList<>();
		if (Files.isExecutable(SETPRIV)) {
			command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "TERM"));
		}
		command.addAll(
				List.of(executable(), "--config.file=" + config, "--storage.tsdb.path=" + workDirectory.resolve("data"),
						"--web.listen-address=127.0.0.1:" + port, "--log.level=warn"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		return new PrometheusServer(process, port, log);
	}

	long pid() {
		return this.process.pid();
	}

	boolean isRunning() {
		return this.process.isAlive();
	}

	/**
	 * Waits until Prometheus answers that it is ready to serve queries.
	 * @param timeout how long to wait
	 */
	void awaitReady(Duration timeout) {
		await("Prometheus ready (log: " + this.logFile + ")").atMost(timeout)
			.pollInterval(Duration.ofMillis(200))
			.failFast("Prometheus exited", () -> !this.process.isAlive())
			.ignoreException(UncheckedIOException.class)
			.until(() -> get("/-/ready").statusCode() == 200);
	}

	/**
	 * The health of each scrape target by job, as of its last scrape.
	 * @return {@code up} or {@code down} (or {@code unknown}) for each job
	 */
	Map<String, String> targetHealth() {
		Map<String, String> health = new LinkedHashMap<>();
		api("/api/v1/targets?state=active").path("data")
			.path("activeTargets")
			.forEach(
					(target) -> health.put(target.path("labels").path("job").asText(), target.path("health").asText()));
		return health;
	}

	/**
	 * Every metric name Prometheus has stored.
	 * @return the names
	 */
	Set<String> metricNames() {
		Set<String> names = new TreeSet<>();
		api("/api/v1/label/__name__/values").path("data").forEach((name) -> names.add(name.asText()));
		return names;
	}

	/**
	 * Evaluates an expression at one instant.
	 * @param expression PromQL
	 * @param time the instant
	 * @return Prometheus's answer, whose {@code status} is {@code success} or
	 * {@code error}
	 */
	JsonNode query(String expression, Instant time) {
		return api("/api/v1/query?query=" + encode(expression) + "&time=" + time.getEpochSecond());
	}

	/**
	 * Evaluates an expression over a time range, as a graph panel does.
	 * @param expression PromQL
	 * @param start the first instant
	 * @param end the last instant
	 * @param step the resolution
	 * @return the series
	 * @throws IllegalStateException if Prometheus answers with an error
	 */
	List<Series> queryRange(String expression, Instant start, Instant end, Duration step) {
		JsonNode answer = api("/api/v1/query_range?query=" + encode(expression) + "&start=" + start.getEpochSecond()
				+ "&end=" + end.getEpochSecond() + "&step=" + step.toSeconds());
		if (!"success".equals(answer.path("status").asText())) {
			throw new IllegalStateException("Prometheus cannot evaluate " + expression + ": " + answer);
		}
		List<Series> series = new ArrayList<>();
		answer.path("data").path("result").forEach((result) -> {
			Map<String, String> labels = new LinkedHashMap<>();
			result.path("metric")
				.fields()
				.forEachRemaining((label) -> labels.put(label.getKey(), label.getValue().asText()));
			List<Series.Sample> samples = new ArrayList<>();
			result.path("values")
				.forEach((value) -> samples.add(new Series.Sample(Instant.ofEpochSecond(value.get(0).asLong()),
						Double.parseDouble(value.get(1).asText()))));
			series.add(new Series(labels, samples));
		});
		return series;
	}

	/**
	 * The alerts that are pending or firing.
	 * @return each alert's name and labels, with its {@code state}
	 */
	List<JsonNode> alerts() {
		List<JsonNode> alerts = new ArrayList<>();
		api("/api/v1/alerts").path("data").path("alerts").forEach(alerts::add);
		return alerts;
	}

	/**
	 * Sends SIGTERM and waits for Prometheus to exit, killing it if it takes too long.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private JsonNode api(String pathAndQuery) {
		HttpResponse<String> response = get(pathAndQuery);
		try {
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Prometheus answered " + response.statusCode() + " to " + pathAndQuery
					+ " with no JSON: " + response.body(), ex);
		}
	}

	private HttpResponse<String> get(String pathAndQuery) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + pathAndQuery))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Prometheus does not answer " + pathAndQuery, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String executable() {
		String configured = System.getenv("PROMETHEUS");
		return (configured != null && !configured.isBlank()) ? configured : "prometheus";
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A series of a range query.
	 *
	 * @param labels its labels
	 * @param samples its values over time
	 */
	record Series(Map<String, String> labels, List<Sample> samples) {

		/**
		 * One value.
		 *
		 * @param time when
		 * @param value the value, possibly NaN
		 */
		record Sample(Instant time, double value) {
		}

	}

}
