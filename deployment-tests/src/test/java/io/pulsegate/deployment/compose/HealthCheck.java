package io.pulsegate.deployment.compose;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The health check of a compose service.
 *
 * @param test the command as Compose writes it: {@code CMD} followed by arguments,
 * {@code CMD-SHELL} followed by a shell command, or {@code NONE}
 */
record HealthCheck(List<String> test) {

	private static final Pattern URL = Pattern.compile("https?://[^\\s\"'|;&]+");

	static HealthCheck of(JsonNode healthcheck) {
		JsonNode test = healthcheck.path("test");
		List<String> command = new ArrayList<>();
		if (test.isTextual()) {
			command.add("CMD-SHELL");
			command.add(test.asText());
		}
		else {
			test.forEach((argument) -> command.add(argument.asText()));
		}
		return new HealthCheck(List.copyOf(command));
	}

	/**
	 * The command without its {@code CMD} or {@code CMD-SHELL} marker.
	 * @return the command line, arguments separated by spaces
	 */
	String commandLine() {
		if (this.test.isEmpty() || "NONE".equals(this.test.get(0))) {
			return "";
		}
		return String.join(" ", this.test.subList(1, this.test.size()));
	}

	/**
	 * The program the check runs first.
	 * @return such as {@code curl}
	 */
	String program() {
		String commandLine = commandLine().strip();
		return commandLine.isEmpty() ? "" : commandLine.split("\\s+")[0];
	}

	/**
	 * The URLs the check calls, in order.
	 * @return every {@code http} and {@code https} URL in the command
	 */
	List<URI> urls() {
		List<URI> urls = new ArrayList<>();
		Matcher matcher = URL.matcher(commandLine());
		while (matcher.find()) {
			urls.add(URI.create(matcher.group()));
		}
		return urls;
	}

}
