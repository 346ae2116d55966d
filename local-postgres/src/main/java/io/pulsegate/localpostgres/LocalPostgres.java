package io.pulsegate.localpostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server, run from the binaries Zonky publishes on Maven Central, so
 * that nothing needs to be installed. It listens on the loopback interface only and
 * commits synchronously: what it acknowledged survives a crash, as in production.
 */
public final class LocalPostgres implements AutoCloseable {

	/** The superuser, who needs no password on this loopback-only server. */
	public static final String USER = "postgres";

	private final EmbeddedPostgres server;

	private LocalPostgres(EmbeddedPostgres server) {
		this.server = server;
	}

	/**
	 * Starts a server and waits until it accepts connections.
	 * @param dataDirectory where the data is kept between runs, or {@code null} for a
	 * temporary directory that is removed when the server stops
	 * @param port the port, or 0 for a free one
	 * @return the running server
	 */
	public static LocalPostgres start(Path dataDirectory, int port) {
		return start(dataDirectory, port, Map.of());
	}

	/**
	 * Starts a server with further settings and waits until it accepts connections.
	 * @param dataDirectory where the data is kept between runs, or {@code null} for a
	 * temporary directory that is removed when the server stops
	 * @param port the port, or 0 for a free one
	 * @param settings {@code postgresql.conf} settings, such as
	 * {@code track_commit_timestamp=on}
	 * @return the running server
	 */
	public static LocalPostgres start(Path dataDirectory, int port, Map<String, String> settings) {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setServerConfig("listen_addresses", "127.0.0.1")
			// Zonky turns both off for speed (fsync with pg_ctl's -F, which a later -c
			// overrides); an ack after a commit must mean durable.
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("fsync", "on")
			.setServerConfig("max_connections", "100");
		settings.forEach(builder::setServerConfig);
		if (port > 0) {
			builder.setPort(port);
		}
		if (dataDirectory != null) {
			builder.setDataDirectory(dataDirectory.toAbsolutePath()).setCleanDataDirectory(false);
		}
		try {
			return new LocalPostgres(builder.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not start", ex);
		}
	}

	/**
	 * The JDBC URL of the {@code postgres} database.
	 * @return a URL on 127.0.0.1
	 */
	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.server.getPort() + "/postgres";
	}

	/**
	 * The port it listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getPort();
	}

	/**
	 * The server's main process (the postmaster). {@code pg_ctl} starts it detached, so
	 * it is not among this JVM's descendants; it is found as the parent of a connection's
	 * backend process.
	 * @return its pid
	 */
	public long pid() {
		try (Connection connection = this.server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement();
				ResultSet backend = statement.executeQuery("SELECT pg_backend_pid()")) {
			backend.next();
			long backendPid = backend.getLong(1);
			return ProcessHandle.of(backendPid)
				.flatMap(ProcessHandle::parent)
				.map(ProcessHandle::pid)
				.orElseThrow(() -> new IllegalStateException("The backend process " + backendPid + " has no parent"));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot ask PostgreSQL for a backend's pid", ex);
		}
	}

	/**
	 * Stops the server (fast shutdown: open transactions are rolled back).
	 */
	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not stop cleanly", ex);
		}
	}

}
