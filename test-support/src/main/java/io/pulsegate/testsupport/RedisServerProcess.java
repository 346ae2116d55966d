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
 * Keeps nothing on disk.
 */
public final class RedisServerProcess implements AutoCloseable {

	private final Process process;

	private final TestRedis.Endpoint endpoint;

	private volatile boolean frozen;

	private RedisServerProcess(Process process, TestRedis.Endpoint endpoint) {
		this.process = process;
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
			TestRedis.Endpoint endpoint = new TestRedis.Endpoint("127.0.0.1", port);
			RedisServerProcess server = new RedisServerProcess(process, endpoint);
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
