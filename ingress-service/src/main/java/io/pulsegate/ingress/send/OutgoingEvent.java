package io.pulsegate.ingress.send;

import java.time.Instant;

import io.pulsegate.events.EventMetadata;
import org.jspecify.annotations.Nullable;

/**
 * A valid event on its way to the broker.
 *
 * @param topic where it goes
 * @param metadata its context attributes, key and headers
 * @param data its data as compact JSON
 * @param clientId the event id if the client gave one, {@code null} if it was generated
 * @param deliverAt when consumers may receive it, {@code null} for at once
 */
record OutgoingEvent(String topic, EventMetadata metadata, byte[] data, @Nullable String clientId,
		@Nullable Instant deliverAt) {
}
