package io.pulsegate.consumer.audit;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads the W3C {@code traceparent} that the producer's tracing wrote into a message's
 * properties ({@code version-traceid-parentid-flags}, lowercase hex).
 */
final class TraceParent {

	/** The message property that carries it. */
	static final String PROPERTY = "traceparent";

	// Version ff is invalid; versions after 00 may add fields after the flags.
	private static final Pattern FORMAT = Pattern
		.compile("(?!ff)[0-9a-f]{2}-([0-9a-f]{32})-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");

	private static final int VERSION_00_LENGTH = 55;

	private static final String INVALID_TRACE_ID = "0".repeat(32);

	private TraceParent() {
	}

	/**
	 * The trace id of a {@code traceparent}.
	 * @param traceparent the property's value, if any
	 * @return its trace id, or {@code null} without one, or for one that is malformed
	 */
	static @Nullable String traceId(@Nullable String traceparent) {
		if (traceparent == null) {
			return null;
		}
		var matcher = FORMAT.matcher(traceparent);
		if (!matcher.matches() || matcher.group(1).equals(INVALID_TRACE_ID)
				|| (traceparent.startsWith("00-") && traceparent.length() != VERSION_00_LENGTH)) {
			return null;
		}
		return matcher.group(1);
	}

}
