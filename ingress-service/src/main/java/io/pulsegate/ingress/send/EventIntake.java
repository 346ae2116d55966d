package io.pulsegate.ingress.send;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsegate.events.EventMetadata;
import io.pulsegate.events.schema.EventJson;
import io.pulsegate.events.schema.EventJson.MalformedJsonException;
import io.pulsegate.events.schema.EventType;
import io.pulsegate.events.schema.EventValidator;
import io.pulsegate.events.schema.Violation;

import org.springframework.stereotype.Component;

/**
 * Turns a request body into an event ready to publish, or rejects it with every
 * violation: the body must be an envelope that matches the envelope schema, of a known
 * and routed type, whose data matches that type's schema.
 */
@Component
class EventIntake {

	private final EventValidator validator;

	private final EventRoutes routes;

	private final String defaultSource;

	private final Clock clock;

	EventIntake(EventValidator validator, EventRoutes routes, IngressProperties properties, Clock clock) {
		this.validator = validator;
		this.routes = routes;
		this.defaultSource = properties.defaultSource();
		this.clock = clock;
	}

	/**
	 * Reads and validates an envelope.
	 * @param body the JSON body
	 * @return the event to publish
	 * @throws InvalidEventException if the body is not a valid event
	 */
	OutgoingEvent accept(byte[] body) {
		return accept(parse(body));
	}

	OutgoingEvent accept(JsonNode envelope) {
		if (!envelope.isObject()) {
			throw new InvalidEventException(List.of(new Violation("", "must be a JSON object")));
		}
		List<Violation> violations = this.validator.validateEnvelope(envelope);
		if (!violations.isEmpty()) {
			throw new InvalidEventException(violations);
		}
		EventType type = this.validator.catalog().find(envelope.get("type").asText()).orElseThrow();
		String topic = this.routes.topicFor(type.name())
			.orElseThrow(() -> new InvalidEventException(List
				.of(new Violation("/type", "is not routed to a topic by this ingress: '" + type.name() + "'"))));
		JsonNode data = envelope.get("data");
		EventMetadata metadata = new EventMetadata(text(envelope, "id", UUID.randomUUID().toString()), type.name(),
				text(envelope, "source", this.defaultSource),
				envelope.has("time") ? Instant.parse(envelope.get("time").asText()) : this.clock.instant(),
				envelope.has("key") ? envelope.get("key").asText() : EventValidator.naturalKey(type, data).orElse(null),
				headers(envelope.path("headers")));
		return new OutgoingEvent(topic, metadata, EventJson.write(data));
	}

	private static JsonNode parse(byte[] body) {
		try {
			return EventJson.read(body);
		}
		catch (MalformedJsonException ex) {
			throw new InvalidEventException(List.of(new Violation("", "is not well-formed JSON: " + ex.getMessage())));
		}
	}

	private static String text(JsonNode envelope, String field, String otherwise) {
		JsonNode value = envelope.get(field);
		return (value != null) ? value.asText() : otherwise;
	}

	private static Map<String, String> headers(JsonNode headers) {
		Map<String, String> result = new LinkedHashMap<>();
		headers.properties().forEach((entry) -> result.put(entry.getKey(), entry.getValue().asText()));
		return result;
	}

}
