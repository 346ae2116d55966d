package io.pulsegate.localpostgres;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Command line entry point: starts a local PostgreSQL, prints its JDBC URL and runs until
 * interrupted (Ctrl-C or SIGTERM), then stops the server cleanly.
 *
 * <pre>
 * java -cp ... io.pulsegate.localpostgres.LocalPostgresMain [--data-dir DIR] [--port N]
 * </pre>
 */
public final class LocalPostgresMain {

	private LocalPostgresMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		Path dataDirectory = Path.of("data", "postgres");
		int port = 5433;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--data-dir" -> dataDirectory = Path.of(value(args, ++i));
				case "--port" -> port = Integer.parseInt(value(args, ++i));
				default -> throw new IllegalArgumentException("Unknown option " + args[i]);
			}
		}
		LocalPostgres postgres = LocalPostgres.start(dataDirectory, port);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			postgres.close();
			stopped.countDown();
		}, "local-postgres-stop"));
		System.out.printf("PostgreSQL ready: %s (user %s, data in %s)%n", postgres.jdbcUrl(), LocalPostgres.USER,
				dataDirectory.toAbsolutePath());
		stopped.await();
	}

	private static String value(String[] args, int index) {
		if (index >= args.length) {
			throw new IllegalArgumentException(args[index - 1] + " needs a value");
		}
		return args[index];
	}

}
