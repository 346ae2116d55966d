package io.pulsegate.consumer.events;

/**
 * A message that can never be handled, however often it is delivered: it is not an event
 * of a known type with valid data. It goes to the dead-letter topic at once.
 */
class PoisonMessageException extends RuntimeException {

	PoisonMessageException(String reason) {
		super(reason);
	}

}
