package io.pulsegate.ingress.send;

/**
 * No route is configured for an event type.
 */
class UnknownEventTypeException extends RuntimeException {

	private final String type;

	UnknownEventTypeException(String type) {
		super("Unknown event type '" + type + "'");
		this.type = type;
	}

	String type() {
		return this.type;
	}

}
