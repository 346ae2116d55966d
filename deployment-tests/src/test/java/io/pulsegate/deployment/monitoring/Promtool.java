package io.pulsegate.deployment.monitoring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.pulsegate.deployment.ExternalCommand;

/**
 * Runs Prometheus's {@code promtool} ({@code PROMTOOL}, or the one on the PATH, such as
 * Debian's {@code prometheus} package installs) as a process of its own.
 */
final class Promtool {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

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
		command.add(ExternalCommand.executable("PROMTOOL", "promtool"));
		command.addAll(List.of(arguments));
		ExternalCommand.Result result = new ExternalCommand(command, workingDirectory, TIMEOUT,
				"install Debian's prometheus package, or set PROMTOOL; see README")
			.run();
		return new Result(result.exitCode(), result.output() + result.errors());
	}

	/**
	 * What a promtool run gave.
	 *
	 * @param exitCode 0 on success
	 * @param output standard output, then standard error
	 */
	record Result(int exitCode, String output) {

		@Override
		public String toString() {
			return "exit code " + this.exitCode + ":\n" + this.output;
		}

	}

}
