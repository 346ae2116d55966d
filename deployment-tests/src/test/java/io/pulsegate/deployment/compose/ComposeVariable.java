package io.pulsegate.deployment.compose;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value that is wholly one Compose interpolation: {@code ${NAME}},
 * {@code ${NAME:-default}} or {@code ${NAME-default}}.
 *
 * @param name the variable
 * @param defaultValue what Compose uses when the variable is not set; empty if none
 */
record ComposeVariable(String name, String defaultValue) {

	private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

	/**
	 * The variable a value consists of.
	 * @param value a value from the compose file, before interpolation
	 * @return the variable, or empty when the value is anything else
	 */
	static Optional<ComposeVariable> of(String value) {
		Matcher matcher = REFERENCE.matcher(value);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		return Optional.of(new ComposeVariable(matcher.group(1), (matcher.group(2) != null) ? matcher.group(2) : ""));
	}

	/**
	 * A value as Compose or a shell interpolates it when no variable is set.
	 * @param value text with any number of references
	 * @return the text with every reference replaced by its default
	 */
	static String withDefaults(String value) {
		Matcher matcher = REFERENCE.matcher(value);
		StringBuilder resolved = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(resolved,
					Matcher.quoteReplacement((matcher.group(2) != null) ? matcher.group(2) : ""));
		}
		matcher.appendTail(resolved);
		return resolved.toString();
	}

}
