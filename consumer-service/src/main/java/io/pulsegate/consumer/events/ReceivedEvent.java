package io.pulsegate.consumer.events;

import io.pulsegate.events.EventMetadata;

/**
 * An event as delivered to a handler.
 *
 * @param metadata id, type, source, time, key and headers
 * @param data the event's data, a JSON object
 * @param redeliveryCount how often it was delivered before, 0 on first delivery
 */
public record ReceivedEvent(EventMetadata metadata, byte[] data, int redeliveryCount) {
}
