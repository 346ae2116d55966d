package io.pulsegate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import io.pulsegate.localpulsar.ChildProcess;
import io.pulsegate.localpulsar.Lifeline;

import static org.awaitility.Awaitility.await;

/**
 * A service run from its executable Spring Boot jar in a JVM of its own, as in
 * production, so that tests can stop it with SIGTERM or kill it. It runs behind a
 * {@link Lifeline}: if the test JVM dies, the service exits too.
 */
public final class ServiceProcess implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final ChildProcess process;

	private final int port;

	private final Path logFile;

	private ServiceProcess(String name, ChildProcess process, int port, Path logFile) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.logFile = logFile;
	}

	/**
	 * Starts a service on a free port; call {@link #awaitHealthy} before using it.
	 * @param name a name for messages and the log file
	 * @param executableJar the repackaged Spring Boot jar
	 * @param properties application properties, passed as {@code --key=value}
	 * @param logDirectory where to write the service's output
	 * @return the started process
	 * @throws IOException if it cannot be started
	 */
	public static ServiceProcess start(String name, Path executableJar, Map<String, String> properties,
			Path logDirectory) throws IOException {
		// Tests start many short-lived services: C1 alone starts them fastest.
		return start(name, executableJar, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), properties, logDirectory);
	}

	/**
	 * Starts a service on a free port with JVM options of the caller's choosing; call
	 * {@link #awaitHealthy} before using it.
	 * @param name a name for messages and the log file
	 * @param executableJar the repackaged Spring Boot jar
	 * @param jvmOptions options for the service's JVM, such as {@code -Xmx256m}
	 * @param properties application properties, passed as {@code --key=value}
	 * @param logDirectory where to write the service's output
	 * @return the started process
	 * @throws IOException if it cannot be started
	 */
	public static ServiceProcess start(String name, Path executableJar, List<String> jvmOptions,
			Map<String, String> properties, Path logDirectory) throws IOException {
		int port = freePort();
		Path log = logDirectory.resolve(name + ".log");
		Files.createDirectories(logDirectory);
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", executableJar.toString(), "-Dloader.path=" + Lifeline.classpathEntry(),
				"-Dloader.main=" + Lifeline.class.getName(),
				"org.springframework.boot.loader.launch.PropertiesLauncher", startClass(executableJar),
				"--server.port=" + port));
		properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		return new ServiceProcess(name, ChildProcess.start(command, log), port, log);
	}

	public int port() {
		return this.port;
	}

	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isRunning() {
		return this.process.isAlive();
	}

	public Path logFile() {
		return this.logFile;
	}

	/**
	 * Waits until {@code /actuator/health} answers UP.
	 * @param timeout how long to wait
	 */
	public void awaitHealthy(Duration timeout) {
		await(this.name + " healthy (log: " + this.logFile + ")").atMost(timeout)
			.pollInterval(Duration.ofMillis(250))
			.failFast(this.name + " exited", () -> !this.process.isAlive())
			.until(() -> get("/actuator/health").contains("\"UP\""));
	}

	/**
	 * GET a path of the service.
	 * @param path such as {@code /actuator/prometheus}
	 * @return the body, or an empty string if the service does not answer
	 */
	public String get(String path) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path))
				.timeout(Duration.ofSeconds(5))
				.build();
			return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	/**
	 * Sends SIGTERM and waits for a graceful exit.
	 * @return {@code true} if it exited within 30 seconds, {@code false} if it had to be
	 * killed
	 */
	public boolean stop() {
		return this.process.stop();
	}

	/** Kills the process with SIGKILL, as a crash would. */
	public void kill() {
		this.process.kill();
	}

	@Override
	public void close() {
		this.process.close();
	}

	private static String startClass(Path executableJar) throws IOException {
		try (JarFile jar = new JarFile(executableJar.toFile())) {
			String startClass = jar.getManifest().getMainAttributes().getValue("Start-Class");
			if (startClass == null) {
				throw new IllegalArgumentException(executableJar + " is not an executable Spring Boot jar");
			}
			return startClass;
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
