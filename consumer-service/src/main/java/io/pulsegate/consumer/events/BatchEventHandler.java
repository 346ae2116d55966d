package io.pulsegate.consumer.events;

import java.util.List;

/**
 * An {@link EventHandler} that can also apply several events at once, all or none: the
 * listener then applies a batch of events in one go and acknowledges them after it
 * returned. When it throws, the listener hands the same events to {@link #handle} one at
 * a time, so that the event that failed is found and the others are applied.
 */
public interface BatchEventHandler extends EventHandler {

	/**
	 * Applies the events in the order given, atomically: if this throws, none of them
	 * took effect.
	 * @param events events in the order they were received
	 */
	void handleAll(List<ReceivedEvent> events);

}
