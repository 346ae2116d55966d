package io.pulsegate.localpulsar;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process started with its output appended to a log file and its standard input left
 * open as the {@link Lifeline}: closing it, or this process dying, tells a child running
 * behind a {@code Lifeline} to exit.
 */
public final class ChildProcess implements AutoCloseable {

	private static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);

	private final Process process;

	private ChildProcess(Process process) {
		this.process = process;
	}

	/**
	 * Starts a process.
	 * @param command the command line
	 * @param logFile where its standard output and error are appended
	 * @return the running process
	 * @throws IOException if it cannot be started
	 */
	public static ChildProcess start(List<String> command, Path logFile) throws IOException {
		return new ChildProcess(new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
			.start());
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public int exitValue() {
		return this.process.exitValue();
	}

	/**
	 * Blocks until the process exits.
	 * @return its exit code
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public int waitFor() throws InterruptedException {
		return this.process.waitFor();
	}

	/**
	 * Waits for the process to exit, at most for a while.
	 * @param timeout the longest wait
	 * @return {@code true} if it has exited
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public boolean waitFor(Duration timeout) throws InterruptedException {
		return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Sends SIGTERM and waits for the process to exit, killing it after 30 seconds.
	 * @return {@code true} if it exited by itself, {@code false} if it had to be killed
	 */
	public boolean stop() {
		if (!this.process.isAlive()) {
			return true;
		}
		this.process.destroy();
		try {
			if (waitFor(GRACEFUL_STOP)) {
				return true;
			}
			this.process.destroyForcibly().waitFor();
			return false;
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Kills the process with SIGKILL, as a crash would, and waits for it to be gone. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Closes the lifeline and stops the process. */
	@Override
	public void close() {
		try (OutputStream lifeline = this.process.getOutputStream()) {
			lifeline.flush();
		}
		catch (IOException ex) {
			// Already closed because the process exited.
		}
		stop();
	}

}
