package io.pulsegate.consumer.events;

import io.pulsegate.events.EventMetadata;

/**
 * An event as delivered to a handler: its metadata and its data read into the record of
 * its type, such as {@link io.pulsegate.events.orders.OrderPlaced}.
 *
 * @param metadata id, type, source, time, key and headers
 * @param data the event's data as its type's record
 * @param redeliveryCount how often it was delivered before, 0 on first delivery
 */
public record ReceivedEvent(EventMetadata metadata, Record data, int redeliveryCount) {
}
