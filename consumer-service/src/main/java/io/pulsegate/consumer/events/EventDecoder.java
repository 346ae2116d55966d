package io.pulsegate.consumer.events;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsegate.events.EventMetadata;
import io.pulsegate.events.schema.EventJson;
import io.pulsegate.events.schema.EventJson.MalformedJsonException;
import io.pulsegate.events.schema.EventType;
import io.pulsegate.events.schema.EventValidator;
import io.pulsegate.events.schema.Violation;
import org.apache.pulsar.client.api.Message;

import org.springframework.stereotype.Component;

/**
 * Reads a Pulsar message into a typed event: its metadata from the message properties,
 * its data checked against its type's JSON Schema and read into its type's record.
 * Anything else is a {@link PoisonMessageException}, with the reason.
 */
@Component
class EventDecoder {

	private final EventValidator validator;

	EventDecoder(EventValidator validator) {
		this.validator = validator;
	}

	ReceivedEvent decode(Message<byte[]> message) {
		EventMetadata metadata;
		try {
			metadata = EventMetadata.fromMessage(message.getProperties(), message.getKey(), message.getEventTime());
		}
		catch (IllegalArgumentException ex) {
			throw new PoisonMessageException("not an event: " + ex.getMessage());
		}
		EventType type = this.validator.catalog()
			.find(metadata.type())
			.orElseThrow(() -> new PoisonMessageException("unknown event type '" + metadata.type() + "'"));
		JsonNode data;
		try {
			data = EventJson.read(message.getData());
		}
		catch (MalformedJsonException ex) {
			throw new PoisonMessageException("data is not well-formed JSON: " + ex.getMessage());
		}
		List<Violation> violations = this.validator.validateData(type, data, "");
		if (!violations.isEmpty()) {
			throw new PoisonMessageException("data does not match the " + type.name() + " schema: "
					+ violations.stream()
						.map((violation) -> violation.pointer() + " " + violation.detail())
						.collect(Collectors.joining("; ")));
		}
		// Key_Shared keeps the order of a key's messages: one keyed otherwise than by its
		// order would be applied beside that order's other events, not after them.
		Optional<String> naturalKey = EventValidator.naturalKey(type, data);
		if (metadata.key() != null && naturalKey.isPresent() && !naturalKey.get().equals(metadata.key())) {
			throw new PoisonMessageException("the message key '" + metadata.key() + "' is not the event's "
					+ type.keyProperty() + " '" + naturalKey.get() + "', by which its events are kept in order");
		}
		try {
			return new ReceivedEvent(metadata, EventJson.decode(data, type.dataType()), message.getRedeliveryCount());
		}
		catch (MalformedJsonException | IllegalArgumentException ex) {
			throw new PoisonMessageException(
					"data does not fit " + type.dataType().getSimpleName() + ": " + ex.getMessage());
		}
	}

}
