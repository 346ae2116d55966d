package io.pulsegate.ingress.send;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Turns a request into an event ready to publish, or rejects it with every problem. All
 * three forms (the plain envelope, CloudEvents structured and binary mode) become the
 * same envelope, which must match the envelope schema, be of a known and routed type, and
 * carry data that matches that type's schema.
 */
@Component
class EventIntake {

	private final EventValidator validator;

	private final EventRoutes routes;

	private final String defaultSource;

	private final Clock clock;

	private final Duration maxDeliveryDelay;

	EventIntake(EventValidator validator, EventRoutes routes, IngressProperties properties, Clock clock) {
		this.validator = validator;
		this.routes = routes;
		this.defaultSource = properties.defaultSource();
		this.clock = clock;
		this.maxDeliveryDelay = properties.maxDeliveryDelay();
	}

	OutgoingEvent acceptEnvelope(String tenant, byte[] body) {
		return accept(tenant, object(parse(body)), EventForm.ENVELOPE);
	}

	OutgoingEvent acceptEnvelope(String tenant, JsonNode envelope) {
		return accept(tenant, object(envelope), EventForm.ENVELOPE);
	}

	OutgoingEvent acceptStructured(String tenant, byte[] body) {
		JsonNode cloudEvent = object(parse(body));
		reject(this.validator.validateCloudEvent(cloudEvent), EventForm.STRUCTURED);
		return accept(tenant, CloudEvents.toEnvelope(cloudEvent), EventForm.STRUCTURED);
	}

	OutgoingEvent acceptBinary(String tenant, HttpHeaders headers, byte[] body) {
		JsonNode cloudEvent = CloudEvents.fromBinary(headers, object(parse(body)));
		reject(this.validator.validateCloudEvent(cloudEvent), EventForm.BINARY);
		return accept(tenant, CloudEvents.toEnvelope(cloudEvent), EventForm.BINARY);
	}

	private OutgoingEvent accept(String tenant, JsonNode envelope, EventForm form) {
		reject(this.validator.validateEnvelope(envelope), form);
		EventType type = this.validator.catalog().find(envelope.get("type").asText()).orElseThrow();
		String topic = this.routes.topicFor(tenant, type.name()).orElseThrow(() -> unroutable(tenant, type, form));
		JsonNode data = envelope.get("data");
		EventMetadata metadata = new EventMetadata(text(envelope, "id", UUID.randomUUID().toString(), form),
				type.name(), text(envelope, "source", this.defaultSource, form),
				envelope.has("time") ? instant(envelope, "time", form) : this.clock.instant(),
				envelope.has("key") ? envelope.get("key").asText() : EventValidator.naturalKey(type, data).orElse(null),
				headers(envelope.path("headers")));
		return new OutgoingEvent(topic, metadata, EventJson.write(data),
				envelope.has("id") ? envelope.get("id").asText() : null, deliverAt(envelope, form));
	}

	private @Nullable Instant deliverAt(JsonNode envelope, EventForm form) {
		Instant now = this.clock.instant();
		Instant deliverAt;
		String field;
		if (envelope.has("deliverAt")) {
			field = "/deliverAt";
			deliverAt = instant(envelope, "deliverAt", form);
		}
		else if (envelope.has("deliverAfter")) {
			field = "/deliverAfter";
			Duration delay;
			try {
				delay = Duration.parse(envelope.get("deliverAfter").asText());
			}
			catch (DateTimeParseException ex) {
				throw new InvalidEventException(List.of(form.locate(
						new Violation(field, "must be a duration in days, hours, minutes or seconds, such as PT30S"))));
			}
			// Compared before it is added: a delay of billions of years overflows an
			// Instant (the schema's duration format has no sign).
			if (delay.compareTo(this.maxDeliveryDelay) > 0) {
				throw tooLate(field, form);
			}
			deliverAt = now.plus(delay);
		}
		else {
			return null;
		}
		if (deliverAt.isAfter(now.plus(this.maxDeliveryDelay))) {
			throw tooLate(field, form);
		}
		return deliverAt;
	}

	private InvalidEventException tooLate(String field, EventForm form) {
		return new InvalidEventException(List
			.of(form.locate(new Violation(field, "must not be later than " + this.maxDeliveryDelay + " from now"))));
	}

	private RuntimeException unroutable(String tenant, EventType type, EventForm form) {
		if (this.routes.isRouted(type.name())) {
			return new ForbiddenEventException(
					"Tenant " + tenant + " may not publish events of type '" + type.name() + "'");
		}
		return new InvalidEventException(List.of(form
			.locate(new Violation("/type", "is not routed to a topic by this ingress: '" + type.name() + "'"))));
	}

	private static void reject(List<Violation> violations, EventForm form) {
		if (!violations.isEmpty()) {
			throw new InvalidEventException(violations.stream().map(form::locate).toList());
		}
	}

	private static JsonNode parse(byte[] body) {
		try {
			return EventJson.read(body);
		}
		catch (MalformedJsonException ex) {
			throw InvalidEventException.at("", "is not well-formed JSON: " + ex.getMessage());
		}
	}

	private static JsonNode object(JsonNode node) {
		if (!node.isObject()) {
			throw InvalidEventException.at("", "must be a JSON object");
		}
		return node;
	}

	// Checked here, not by a schema pattern, so that blank means what it does to the
	// metadata and to the consumer that reads it back (String.isBlank): Unicode spaces
	// too.
	private static String text(JsonNode envelope, String field, String otherwise, EventForm form) {
		JsonNode value = envelope.get(field);
		if (value == null) {
			return otherwise;
		}
		if (value.asText().isBlank()) {
			throw new InvalidEventException(List.of(form.locate(new Violation("/" + field, "must not be blank"))));
		}
		return value.asText();
	}

	/**
	 * Reads a time the schema took as an RFC 3339 date-time. RFC 3339 lets a space stand
	 * for the 'T' between date and time, which {@link Instant#parse} does not take.
	 */
	private static Instant instant(JsonNode envelope, String field, EventForm form) {
		String text = envelope.get(field).asText();
		if (text.length() > 10 && text.charAt(10) == ' ') {
			text = text.substring(0, 10) + 'T' + text.substring(11);
		}
		try {
			return Instant.parse(text);
		}
		// Should the schema's format and the JDK disagree on another form: the
		// client's, still.
		catch (DateTimeParseException ex) {
			throw new InvalidEventException(List.of(form.locate(new Violation("/" + field,
					"must be an RFC 3339 date-time, such as " + "2026-11-23T10:00:00Z: " + ex.getMessage()))));
		}
	}

	private static Map<String, String> headers(JsonNode headers) {
		Map<String, String> result = new LinkedHashMap<>();
		headers.properties().forEach((entry) -> result.put(entry.getKey(), entry.getValue().asText()));
		return result;
	}

}
