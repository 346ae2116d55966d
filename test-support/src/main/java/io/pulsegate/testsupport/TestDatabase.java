package io.pulsegate.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import io.pulsegate.localpostgres.LocalPostgres;

/**
 * A real PostgreSQL for tests, found once per JVM: the one named by
 * {@code PULSEGATE_TEST_DATABASE_URL} (with {@code _USER} and {@code _PASSWORD}); else
 * the {@code test} database on 127.0.0.1:5432 if it answers; else a {@link LocalPostgres}
 * started for this JVM and stopped when it exits. Each test context works in a schema of
 * its own, dropped when the JVM exits, so that runs never see each other's rows.
 */
public final class TestDatabase {

	private TestDatabase() {
	}

	/**
	 * The server to use, found or started on first call.
	 * @return how to connect to it
	 */
	public static Server get() {
		return Holder.SERVER;
	}

	/**
	 * A new, empty schema on the test server.
	 * @param purpose a word for the schema name, such as the test's subject
	 * @return the schema, with a JDBC URL whose connections work in it
	 */
	public static Schema newSchema(String purpose) {
		Server server = get();
		String name = (purpose.replaceAll("[^A-Za-z0-9]", "_") + "_" + UUID.randomUUID().toString().substring(0, 8))
			.toLowerCase(Locale.ROOT);
		server.execute("CREATE SCHEMA " + name);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				server.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
			}
			catch (IllegalStateException ex) {
				// A server started for this JVM may be stopping too: it takes the schema
				// along.
			}
		}, "drop-schema-" + name));
		String separator = server.jdbcUrl().contains("?") ? "&" : "?";
		return new Schema(name, server.jdbcUrl() + separator + "currentSchema=" + name, server.username(),
				server.password());
	}

	/**
	 * A PostgreSQL server.
	 *
	 * @param jdbcUrl its JDBC URL
	 * @param username the user to connect as
	 * @param password the user's password, empty for none
	 */
	public record Server(String jdbcUrl, String username, String password) {

		void execute(String sql) {
			try (Connection connection = DriverManager.getConnection(this.jdbcUrl, this.username, this.password);
					Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not run '" + sql + "' on " + this.jdbcUrl, ex);
			}
		}

		boolean answers() {
			DriverManager.setLoginTimeout(3);
			try (Connection connection = DriverManager.getConnection(this.jdbcUrl, this.username, this.password)) {
				return connection.isValid(3);
			}
			catch (SQLException ex) {
				return false;
			}
		}

	}

	/**
	 * A schema of its own for one test context.
	 *
	 * @param name the schema's name
	 * @param jdbcUrl a JDBC URL whose connections use the schema
	 * @param username the user to connect as
	 * @param password the user's password, empty for none
	 */
	public record Schema(String name, String jdbcUrl, String username, String password) {

		/**
		 * Opens a connection that works in this schema.
		 * @return a new connection, to be closed by the caller
		 * @throws SQLException if the server refuses it
		 */
		public Connection connect() throws SQLException {
			return DriverManager.getConnection(this.jdbcUrl, this.username, this.password);
		}

	}

	private static Server find() {
		String url = System.getenv("PULSEGATE_TEST_DATABASE_URL");
		if (url != null && !url.isBlank()) {
			return new Server(url, envOr("PULSEGATE_TEST_DATABASE_USER", "postgres"),
					envOr("PULSEGATE_TEST_DATABASE_PASSWORD", ""));
		}
		Server local = new Server("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
		if (local.answers()) {
			return local;
		}
		LocalPostgres postgres = LocalPostgres.start(null, 0);
		Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "test-postgres-stop"));
		return new Server(postgres.jdbcUrl(), LocalPostgres.USER, "");
	}

	private static String envOr(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

	private static final class Holder {

		static final Server SERVER = find();

	}

}
