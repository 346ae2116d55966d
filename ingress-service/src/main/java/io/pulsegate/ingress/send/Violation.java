package io.pulsegate.ingress.send;

import java.util.regex.Pattern;

/**
 * One problem with a request, located by a JSON pointer (RFC 6901) into its body.
 *
 * @param pointer where the problem is, {@code ""} for the whole document
 * @param detail what is wrong there
 */
record Violation(String pointer, String detail) {

	private static final Pattern CONTAINER_MARKER = Pattern.compile("<[^>]*>");

	/**
	 * A violation at a Bean Validation property path such as {@code headers<K>[x-id]} or
	 * {@code data.items[0]}.
	 * @param propertyPath the property path
	 * @param detail what is wrong
	 * @return the violation
	 */
	static Violation atPropertyPath(String propertyPath, String detail) {
		String path = CONTAINER_MARKER.matcher(propertyPath).replaceAll("");
		StringBuilder pointer = new StringBuilder();
		for (String token : path.replace("[", ".").replace("]", "").split("\\.")) {
			if (!token.isEmpty()) {
				pointer.append('/').append(escape(token));
			}
		}
		return new Violation(pointer.toString(), detail);
	}

	static String escape(String token) {
		return token.replace("~", "~0").replace("/", "~1");
	}

}
