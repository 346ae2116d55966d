package io.pulsegate.consumer.events;

/**
 * Thrown by an {@link EventHandler} for an event that can never be applied, such as an
 * order paid after it was cancelled. Delivering it again would change nothing, so it goes
 * to the dead-letter topic at once, with the message as its reason.
 */
public class EventRejectedException extends RuntimeException {

	public EventRejectedException(String reason) {
		super(reason);
	}

}
