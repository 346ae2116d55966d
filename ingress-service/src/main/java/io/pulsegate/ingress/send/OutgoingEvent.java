package io.pulsegate.ingress.send;

import io.pulsegate.events.EventMetadata;

/**
 * A valid event on its way to the broker.
 *
 * @param topic where it goes
 * @param metadata its context attributes, key and headers
 * @param data its data as compact JSON
 */
record OutgoingEvent(String topic, EventMetadata metadata, byte[] data) {
}
