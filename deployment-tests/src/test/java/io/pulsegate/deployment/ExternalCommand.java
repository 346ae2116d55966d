package io.pulsegate.deployment;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external tool, such as {@code kubectl} or {@code promtool}, as a process of its
 * own and waits for it, at most for a timeout. Its standard output and error go to files
 * rather than pipes, so that waiting with a timeout cannot block on a full pipe.
 *
 * @param command the program and its arguments
 * @param workingDirectory where it runs
 * @param timeout how long it may take
 * @param installHint what to do when the program cannot be run, such as where to get it
 */
public record ExternalCommand(List<String> command, Path workingDirectory, Duration timeout, String installHint) {

	/**
	 * The program named by an environment variable, else the one of that name on the
	 * PATH.
	 * @param variable such as {@code KUBECTL}
	 * @param program such as {@code kubectl}
	 * @return what to run
	 */
	public static String executable(String variable, String program) {
		String configured = System.getenv(variable);
		return (configured != null && !configured.isBlank()) ? configured : program;
	}

	/**
	 * Runs the command and waits for it.
	 * @return its exit code and output
	 * @throws IllegalStateException if it cannot be started or does not finish in time
	 */
	public Result run() {
		File output = null;
		File errors = null;
		Process process = null;
		try {
			output = File.createTempFile("command", ".out");
			errors = File.createTempFile("command", ".err");
			try {
				process = new ProcessBuilder(this.command).directory(this.workingDirectory.toFile())
					.redirectOutput(output)
					.redirectError(errors)
					.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
					.start();
			}
			catch (IOException ex) {
				throw new IllegalStateException(
						"Cannot run " + String.join(" ", this.command) + ": " + this.installHint, ex);
			}
			if (!process.waitFor(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(
						String.join(" ", this.command) + " did not finish within " + this.timeout.toSeconds() + " s");
			}
			return new Result(process.exitValue(), Files.readString(output.toPath(), StandardCharsets.UTF_8),
					Files.readString(errors.toPath(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + String.join(" ", this.command), ex);
		}
		finally {
			if (process != null) {
				process.destroyForcibly();
			}
			// A file left over in the temporary directory does no harm.
			if (output != null) {
				output.delete();
			}
			if (errors != null) {
				errors.delete();
			}
		}
	}

	/**
	 * What a run gave.
	 *
	 * @param exitCode 0 on success
	 * @param output its standard output
	 * @param errors its standard error
	 */
	public record Result(int exitCode, String output, String errors) {

		public boolean succeeded() {
			return this.exitCode == 0;
		}

		@Override
		public String toString() {
			return "exit code " + this.exitCode + ":\n" + this.output + this.errors;
		}

	}

}
