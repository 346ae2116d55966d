package io.pulsegate.events.schema;

/**
 * One problem with an event, located by a JSON pointer (RFC 6901).
 *
 * @param pointer where the problem is, {@code ""} for the whole document
 * @param detail what is wrong there
 */
public record Violation(String pointer, String detail) {

	/**
	 * Appends a property name or index to a pointer, escaping it as RFC 6901 requires.
	 * @param pointer the pointer to extend
	 * @param token the property name or array index
	 * @return the extended pointer
	 */
	public static String append(String pointer, String token) {
		return pointer + "/" + token.replace("~", "~0").replace("/", "~1");
	}

}
