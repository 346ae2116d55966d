package io.pulsegate.events;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Names of the Pulsar message properties that carry CloudEvents context attributes,
 * following the {@code ce_} prefix of the CloudEvents Kafka binding. Application headers
 * must not use that prefix.
 */
public final class MessageProperties {

	public static final String PREFIX = "ce_";

	public static final String SPEC_VERSION = PREFIX + "specversion";

	public static final String ID = PREFIX + "id";

	public static final String TYPE = PREFIX + "type";

	public static final String SOURCE = PREFIX + "source";

	public static final String CLOUD_EVENTS_VERSION = "1.0";

	static final Set<String> CONTEXT_ATTRIBUTES = Set.of(SPEC_VERSION, ID, TYPE, SOURCE);

	private MessageProperties() {
	}

	/**
	 * Whether an application header name is acceptable: not blank and not in the reserved
	 * {@code ce_} namespace.
	 * @param name the header name
	 * @return {@code true} if it may be used
	 */
	public static boolean isApplicationName(String name) {
		return !name.isBlank() && !name.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
	}

	/**
	 * Reads a counter carried as a message property, such as an attempt count. Anyone can
	 * publish to a topic, so a value that is no count reads as none.
	 * @param value the property's value, {@code null} if absent
	 * @return the count, or 0 if absent, negative or not a number
	 */
	public static int count(@Nullable String value) {
		if (value == null) {
			return 0;
		}
		try {
			return Math.max(0, Integer.parseInt(value));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	static void requireApplicationName(String name) {
		if (!isApplicationName(name)) {
			throw new IllegalArgumentException(
					"header '" + name + "' is not allowed: names must not be blank or start with '" + PREFIX + "'");
		}
	}

}
