package io.pulsegate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import io.pulsegate.localpostgres.LocalPostgres;
import io.pulsegate.localpostgres.LocalPostgresMain;
import io.pulsegate.localpulsar.ChildProcess;
import io.pulsegate.localpulsar.Lifeline;

import static org.awaitility.Awaitility.await;

/**
 * A PostgreSQL of a test's own, which the test may {@link #stop()} and {@link #start()}
 * again on the same port with the same data, as an outage would. It runs
 * {@link LocalPostgresMain} in a JVM of its own behind a {@link Lifeline}: if the test
 * JVM dies, that JVM exits and its shutdown hook stops the server.
 */
public final class PostgresProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(1);

	private final Path dataDirectory;

	private final int port;

	private final Path logFile;

	private ChildProcess process;

	private PostgresProcess(Path dataDirectory, int port, Path logFile) {
		this.dataDirectory = dataDirectory;
		this.port = port;
		this.logFile = logFile;
	}

	/**
	 * Starts a new server on a free port, with its data in a new folder.
	 * @param logDirectory where to write the server's output
	 * @return the running server, accepting connections
	 * @throws IOException if it cannot be started
	 */
	public static PostgresProcess startNew(Path logDirectory) throws IOException {
		Files.createDirectories(logDirectory);
		PostgresProcess postgres = new PostgresProcess(Files.createTempDirectory("pulsegate-test-postgres-"),
				freePort(), logDirectory.resolve("postgres.log"));
		try {
			postgres.start();
		}
		catch (RuntimeException ex) {
			postgres.close();
			throw ex;
		}
		return postgres;
	}

	/**
	 * The JDBC URL of the {@code postgres} database, whose superuser needs no password.
	 * @return a URL on 127.0.0.1
	 */
	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres";
	}

	public String username() {
		return LocalPostgres.USER;
	}

	/**
	 * Starts the server, on its port with its data, and waits until it accepts
	 * connections.
	 * @throws IllegalStateException if it is running already
	 */
	public synchronized void start() {
		if (this.process != null && this.process.isAlive()) {
			throw new IllegalStateException("PostgreSQL is running already");
		}
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
				"-cp", System.getProperty("java.class.path"), Lifeline.class.getName(),
				LocalPostgresMain.class.getName(), "--data-dir", this.dataDirectory.toString(), "--port",
				Integer.toString(this.port));
		try {
			this.process = ChildProcess.start(command, this.logFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChildProcess started = this.process;
		await("PostgreSQL on port " + this.port + " (log: " + this.logFile + ")").atMost(START_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.failFast("PostgreSQL exited", () -> !started.isAlive())
			.until(this::acceptsConnections);
	}

	/**
	 * Stops the server with SIGTERM (a fast shutdown: open transactions are rolled back,
	 * connections closed) and waits until it is gone; its data stays for
	 * {@link #start()}.
	 * @return {@code true} if it stopped by itself within 30 seconds
	 */
	public synchronized boolean stop() {
		return this.process.stop();
	}

	public synchronized boolean isRunning() {
		return this.process.isAlive();
	}

	/** Stops the server and deletes its data. */
	@Override
	public synchronized void close() {
		if (this.process != null) {
			this.process.close();
		}
		Directories.deleteRecursively(this.dataDirectory);
	}

	private boolean acceptsConnections() {
		try (Connection connection = DriverManager.getConnection(jdbcUrl(), username(), "")) {
			return connection.isValid(2);
		}
		catch (SQLException ex) {
			return false;
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
