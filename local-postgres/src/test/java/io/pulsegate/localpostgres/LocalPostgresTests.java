package io.pulsegate.localpostgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LocalPostgresTests {

	@Test
	void keepsCommittedDataInItsDataDirectoryAcrossRestarts(@TempDir Path data) throws SQLException {
		try (LocalPostgres postgres = LocalPostgres.start(data, 0)) {
			assertThat(postgres.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
			try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE kept (id integer PRIMARY KEY)");
				statement.execute("INSERT INTO kept VALUES (42)");
				assertThat(setting(statement, "synchronous_commit")).isEqualTo("on");
				assertThat(setting(statement, "fsync")).isEqualTo("on");
				assertThat(setting(statement, "listen_addresses")).isEqualTo("127.0.0.1");
			}
		}
		try (LocalPostgres postgres = LocalPostgres.start(data, 0);
				Connection connection = connect(postgres);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id FROM kept")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getInt(1)).isEqualTo(42);
		}
	}

	@Test
	void namesItsMainProcessWhichEveryConnectionsBackendDescendsFrom() throws SQLException {
		try (LocalPostgres postgres = LocalPostgres.start(null, 0);
				Connection connection = connect(postgres);
				Statement statement = connection.createStatement();
				ResultSet backend = statement.executeQuery("SELECT pg_backend_pid()")) {
			backend.next();
			ProcessHandle main = ProcessHandle.of(postgres.pid()).orElseThrow();
			assertThat(main.descendants().map(ProcessHandle::pid)).contains(backend.getLong(1));
		}
	}

	@Test
	void refusesConnectionsOnceClosed() {
		LocalPostgres postgres = LocalPostgres.start(null, 0);
		postgres.close();

		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(postgres).close());
	}

	private static Connection connect(LocalPostgres postgres) throws SQLException {
		return DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.USER, "");
	}

	private static String setting(Statement statement, String name) throws SQLException {
		try (ResultSet rows = statement.executeQuery("SHOW " + name)) {
			rows.next();
			return rows.getString(1);
		}
	}

}
