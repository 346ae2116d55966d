package io.pulsegate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The signals tests and the benchmark send to processes they started, to freeze one and
 * let it run again: Java's {@link Process} can only end a process.
 */
public enum Signal {

	/** Freezes a process: it keeps its connections and answers nothing. */
	STOP,

	/** Lets a frozen process run again. */
	CONT;

	/**
	 * Sends this signal with {@code kill}.
	 * @param pid the process, one the caller started
	 * @throws IllegalStateException if {@code kill} failed
	 */
	public void sendTo(long pid) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + name(), Long.toString(pid)).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + name() + " " + pid + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending SIG" + name() + " to " + pid, ex);
		}
	}

}
