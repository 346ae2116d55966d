package io.pulsegate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import io.pulsegate.localpulsar.LocalPulsar;
import io.pulsegate.localpulsar.LocalPulsarSettings;

/**
 * A throwaway local Pulsar standalone on free loopback ports, in a temporary data
 * directory that is deleted when it is closed. Fault-injection tests use their own
 * instance, which they may {@link #stop()} or {@link #kill()} and {@link #restart()} on
 * the same ports with the same data.
 */
public final class LocalTestBroker implements TestBroker, AutoCloseable {

	private final LocalPulsarSettings settings;

	private LocalPulsar pulsar;

	private LocalTestBroker(LocalPulsarSettings settings, LocalPulsar pulsar) {
		this.settings = settings;
		this.pulsar = pulsar;
	}

	/**
	 * Starts a broker on free ports with empty storage.
	 * @return the running broker
	 * @throws IOException if it cannot be started
	 */
	public static LocalTestBroker start() throws IOException {
		Path dataDirectory = Files.createTempDirectory("pulsegate-test-pulsar-");
		int[] ports = freePorts(3);
		LocalPulsarSettings settings = LocalPulsarSettings.defaults(dataDirectory)
			.withPorts(ports[0], ports[1], ports[2])
			.withWipeData(true);
		LocalPulsarSettings restartable = settings.withWipeData(false);
		return new LocalTestBroker(restartable, LocalPulsar.start(settings));
	}

	@Override
	public String serviceUrl() {
		return this.settings.serviceUrl();
	}

	@Override
	public String adminUrl() {
		return this.settings.adminUrl();
	}

	/** Stops the broker with SIGTERM; its data stays for {@link #restart()}. */
	public synchronized void stop() {
		this.pulsar.close();
	}

	/**
	 * Kills the broker with SIGKILL, as a crash would; its data stays for
	 * {@link #restart()}.
	 */
	public synchronized void kill() {
		this.pulsar.kill();
	}

	public synchronized boolean isRunning() {
		return this.pulsar.isRunning();
	}

	/**
	 * The broker's process id, while it runs.
	 * @return the pid of the broker's JVM
	 */
	public synchronized long pid() {
		return this.pulsar.pid();
	}

	/**
	 * Starts the broker again on the same ports with the data it had.
	 * @throws IllegalStateException if it is still running
	 */
	public synchronized void restart() {
		if (this.pulsar.isRunning()) {
			throw new IllegalStateException("The broker is still running");
		}
		try {
			this.pulsar = LocalPulsar.start(this.settings);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public synchronized void close() {
		this.pulsar.close();
		Directories.deleteRecursively(this.settings.dataDirectory());
	}

	static int[] freePorts(int count) throws IOException {
		ServerSocket[] sockets = new ServerSocket[count];
		try {
			int[] ports = new int[count];
			for (int i = 0; i < count; i++) {
				sockets[i] = new ServerSocket(0);
				ports[i] = sockets[i].getLocalPort();
			}
			return ports;
		}
		finally {
			for (ServerSocket socket : sockets) {
				if (socket != null) {
					socket.close();
				}
			}
		}
	}

}
