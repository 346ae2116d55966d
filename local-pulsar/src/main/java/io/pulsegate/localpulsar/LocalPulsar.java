package io.pulsegate.localpulsar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real Apache Pulsar standalone (broker, BookKeeper bookie and RocksDB metadata store)
 * running in a JVM of its own. {@link #start} returns once the broker serves its admin
 * API; {@link #close} stops it with SIGTERM, {@link #kill} with SIGKILL. If this process
 * dies without closing it, the broker notices the end of its standard input and stops
 * itself.
 */
public final class LocalPulsar implements AutoCloseable {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

	private final LocalPulsarSettings settings;

	private final ChildProcess process;

	private final Path logFile;

	private LocalPulsar(LocalPulsarSettings settings, ChildProcess process, Path logFile) {
		this.settings = settings;
		this.process = process;
		this.logFile = logFile;
	}

	/**
	 * Starts a broker and waits until it is ready.
	 * @param settings ports, data directory and memory of the broker
	 * @return the running broker
	 * @throws IOException if the data directory or the process cannot be created
	 * @throws IllegalStateException if the broker exits or is not ready in time
	 */
	public static LocalPulsar start(LocalPulsarSettings settings) throws IOException {
		Files.createDirectories(settings.dataDirectory());
		Path config = StandaloneConfiguration.write(settings);
		Path log = settings.dataDirectory().resolve("broker.log");
		ChildProcess process = ChildProcess.start(BrokerCommand.of(settings, config), log);
		LocalPulsar pulsar = new LocalPulsar(settings, process, log);
		try {
			pulsar.awaitReady();
		}
		catch (RuntimeException ex) {
			pulsar.close();
			throw ex;
		}
		return pulsar;
	}

	public String serviceUrl() {
		return this.settings.serviceUrl();
	}

	public String adminUrl() {
		return this.settings.adminUrl();
	}

	public long pid() {
		return this.process.pid();
	}

	public Path logFile() {
		return this.logFile;
	}

	public boolean isRunning() {
		return this.process.isAlive();
	}

	/**
	 * Blocks until the broker's JVM exits.
	 * @return its exit code
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public int waitFor() throws InterruptedException {
		return this.process.waitFor();
	}

	/**
	 * Kills the broker's JVM with SIGKILL, as a crash or the OOM killer would, and waits
	 * until it is gone. What the bookie wrote stays in the data directory.
	 */
	public void kill() {
		this.process.kill();
	}

	/**
	 * Stops the broker with SIGTERM and waits for it to exit, killing it if it does not
	 * stop within 30 seconds.
	 */
	@Override
	public void close() {
		this.process.close();
	}

	private void awaitReady() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminUrl() + "/admin/v2/namespaces/public"))
			.timeout(Duration.ofSeconds(5));
		if (!this.settings.adminToken().isEmpty()) {
			request.header("Authorization", "Bearer " + this.settings.adminToken());
		}
		Instant deadline = Instant.now().plus(this.settings.startTimeout());
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Pulsar exited with code " + this.process.exitValue()
						+ " before it was ready; last lines of " + this.logFile + ":\n" + logTail());
			}
			if (listsDefaultNamespace(http, request.build())) {
				return;
			}
			waitForExit(POLL_INTERVAL);
		}
		throw new IllegalStateException("Pulsar was not ready within " + this.settings.startTimeout()
				+ "; last lines of " + this.logFile + ":\n" + logTail());
	}

	private static boolean listsDefaultNamespace(HttpClient http, HttpRequest request) {
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("public/default");
		}
		catch (ConnectException ex) {
			return false;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Pulsar", ex);
		}
	}

	private void waitForExit(Duration timeout) {
		try {
			this.process.waitFor(timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Pulsar", ex);
		}
	}

	private String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.logFile, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
