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

	/**
	 * This event under an id derived from the request that carries it, unless the client
	 * gave one.
	 * @param ids the request's event ids
	 * @param index the event's place in the request
	 * @return the event under its derived id, or this event if the client gave an id
	 */
	OutgoingEvent identifiedBy(RequestEventIds ids, int index) {
		if (this.clientId != null) {
			return this;
		}
		EventMetadata derived = new EventMetadata(ids.idOf(index), this.metadata.type(), this.metadata.source(),
				this.metadata.time(), this.metadata.key(), this.metadata.headers());
		return new OutgoingEvent(this.topic, derived, this.data, null, this.deliverAt);
	}

}
