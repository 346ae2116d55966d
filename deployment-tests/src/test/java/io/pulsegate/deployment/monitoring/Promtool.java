package io.pulsegate.deployment.monitoring;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus's {@code promtool} ({@code PROMTOOL}, or the one on the PATH, such as
 * Debian's {@code prometheus} package installs) as a process of its own.
 */
final class Promtool {

	private static final long TIMEOUT_SECONDS = 60;

	private Promtool() {
	}

	/**
	 * Runs {@code promtool} with the given arguments and waits for it.
	 * @param workingDirectory where it runs; relative paths in the files resolve from
	 * there
	 * @param arguments such as {@code check rules alerts.yml}
	 * @return its exit code and output
	 */
	static Result run(Path workingDirectory, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(executable());
		command.addAll(List.of(arguments));
		Path output = null;
		Process process = null;
		try {
			// To a file rather than a pipe, so that waiting with a timeout cannot block.
			output = Files.createTempFile("promtool", ".log");
			process = new ProcessBuilder(command).directory(workingDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				throw new IllegalStateException(command + " did not finish within " + TIMEOUT_SECONDS + " s");
			}
			return new Result(process.exitValue(), Files.readString(output));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(
					"Cannot run " + command + " (install Debian's prometheus package, or set PROMTOOL; see README)",
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + command, ex);
		}
		finally {
			if (process != null) {
				process.destroyForcibly();
			}
			deleteQuietly(output);
		}
	}

	private static void deleteQuietly(Path file) {
		if (file == null) {
			return;
		}
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// A left-over file in the temporary directory is harmless.
		}
	}

	private static String executable() {
		String configured = System.getenv("PROMTOOL");
		return (configured != null && !configured.isBlank()) ? configured : "promtool";
	}

	/**
	 * What a promtool run gave.
	 *
	 * @param exitCode 0 on success
	 * @param output standard output and error together
	 */
	record Result(int exitCode, String output) {

		@Override
		public String toString() {
			return "exit code " + this.exitCode + ":\n" + this.output;
		}

	}

}
