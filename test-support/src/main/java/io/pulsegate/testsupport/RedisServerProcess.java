package io.pulsegate.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A {@code redis-server} of a test's own, on a free port, that the test may freeze
 * (SIGSTOP, as a Redis that hangs: connections stay open, nothing is answered) and thaw.
 * Keeps nothing on disk. A watchdog stops it if the test JVM dies without closing it,
 * SIGKILL included.
 */
public final class RedisServerProcess implements AutoCloseable {

	private final Process process;

	private final Process watchdog;

	private final TestRedis.Endpoint endpoint;

	private volatile boolean frozen;

	private RedisServerProcess(Process process, Process watchdog, TestRedis.Endpoint endpoint) {
		this.process = process;
		this.watchdog = watchdog;
		this.endpoint = endpoint;
	}

	/**
	 * Starts a server and waits until it answers.
	 * @return the running server
	 * @throws IllegalStateException if {@code redis-server} is not installed
	 */
	public static RedisServerProcess start() {
		try {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			Path log = Files.createTempFile("test-redis-", ".log");
			Process process = new ProcessBuilder(List.of("redis-server", "--bind", "127.0.0.1", "--port",
					Integer.toString(port), "--save", "", "--appendonly", "no"))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			Process watchdog;
			try {
				watchdog = watchdog(process.pid());
			}
			catch (IOException ex) {
				process.destroyForcibly();
				throw ex;
			}
			TestRedis.Endpoint endpoint = new TestRedis.Endpoint("127.0.0.1", port);
			RedisServerProcess server = new RedisServerProcess(process, watchdog, endpoint);
			try {
				await("redis-server on port " + port).atMost(Duration.ofSeconds(20))
					.failFast(() -> !process.isAlive())
					.until(() -> TestRedis.answersPing(endpoint));
			}
			catch (RuntimeException ex) {
				server.close();
				throw ex;
			}
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start redis-server (apt-get install redis-server)", ex);
		}
	}

	/**
	 * Starts a shell that waits for the end of its standard input, a pipe from this JVM
	 * that closes when the JVM ends however it ends, and then stops the server (thawed
	 * first, so that it can exit).
	 */
	private static Process watchdog(long pid) throws IOException {
		return new ProcessBuilder(List.of("sh", "-c",
				"while read -r line; do :; done; kill -CONT " + pid + "; kill " + pid + " 2>/dev/null"))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
	}

	/**
	 * Where it listens.
	 * @return its address
	 */
	public TestRedis.Endpoint endpoint() {
		return this.endpoint;
	}

	/**
	 * Freezes the server with SIGSTOP: it keeps its connections and answers nothing.
	 */
	public void freeze() {
		Signal.STOP.sendTo(this.process.pid());
		this.frozen = true;
	}

	/**
	 * Lets a frozen server answer again (SIGCONT).
	 */
	public void thaw() {
		Signal.CONT.sendTo(this.process.pid());
		this.frozen = false;
	}

	/**
	 * Stops the server (thawed first, so that it can exit) and waits for it.
	 */
	@Override
	public void close() {
		// Gone before the server, so that it never signals a pid the server no longer
		// has.
		this.watchdog.destroyForcibly();
		if (!this.process.isAlive()) {
			return;
		}
		if (this.frozen) {
			thaw();
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
