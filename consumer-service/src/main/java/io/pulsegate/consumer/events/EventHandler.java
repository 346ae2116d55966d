package io.pulsegate.consumer.events;

/**
 * Applies an event's effect. An event is acknowledged only after {@link #handle}
 * returned; any exception makes it be delivered again later.
 */
@FunctionalInterface
public interface EventHandler {

	void handle(ReceivedEvent event);

}
