package io.pulsegate.events.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

/**
 * Validates events against their JSON Schemas and reports every violation, each with a
 * JSON pointer into the document. Thread-safe; build one and share it.
 */
public final class EventValidator {

	private static final String ENVELOPE_SCHEMA = "/io/pulsegate/events/schemas/envelope.schema.json";

	private static final String CLOUD_EVENT_SCHEMA = "/io/pulsegate/events/schemas/cloudevent.schema.json";

	private static final Comparator<Violation> BY_POINTER = Comparator.comparing(Violation::pointer)
		.thenComparing(Violation::detail);

	private final EventCatalog catalog;

	private final Schema envelopeSchema;

	private final Schema cloudEventSchema;

	private final Map<String, Schema> dataSchemas = new HashMap<>();

	public EventValidator(EventCatalog catalog) {
		this.catalog = catalog;
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				(builder) -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
					.pathType(PathType.JSON_POINTER)
					.formatAssertionsEnabled(true)
					.build()));
		this.envelopeSchema = load(registry, ENVELOPE_SCHEMA);
		this.cloudEventSchema = load(registry, CLOUD_EVENT_SCHEMA);
		for (EventType type : catalog.types()) {
			this.dataSchemas.put(type.name(), load(registry, type.schemaResource()));
		}
	}

	public EventCatalog catalog() {
		return this.catalog;
	}

	/**
	 * Validates a whole envelope: its own shape, that its type is known, its data against
	 * that type's schema, and that its key agrees with the data's key property.
	 * @param envelope the envelope document
	 * @return every violation, ordered by pointer; empty if the envelope is valid
	 */
	public List<Violation> validateEnvelope(JsonNode envelope) {
		List<Violation> violations = new ArrayList<>(violations(this.envelopeSchema, envelope, ""));
		JsonNode type = envelope.path("type");
		JsonNode data = envelope.path("data");
		if (type.isTextual() && !type.asText().isEmpty()) {
			Optional<EventType> eventType = this.catalog.find(type.asText());
			if (eventType.isEmpty()) {
				violations.add(new Violation("/type", "is not a known event type: '" + type.asText() + "'"));
			}
			else if (data.isObject()) {
				violations.addAll(validateData(eventType.get(), data, "/data"));
				violations.addAll(keyAgreement(eventType.get(), envelope.path("key"), data));
			}
		}
		violations.sort(BY_POINTER);
		return violations;
	}

	/**
	 * Validates the form of a CloudEvent in structured JSON mode: required and
	 * well-formed context attributes, extension attribute names and values, and a JSON
	 * object as data. Its type and data are checked once it is read as an envelope.
	 * @param cloudEvent the CloudEvent document
	 * @return every violation, ordered by pointer
	 */
	public List<Violation> validateCloudEvent(JsonNode cloudEvent) {
		List<Violation> violations = violations(this.cloudEventSchema, cloudEvent, "");
		violations.sort(BY_POINTER);
		return violations;
	}

	/**
	 * Validates event data against its type's schema.
	 * @param type the event type
	 * @param data the data document
	 * @param at pointer of the data within the document reported on, {@code ""} if the
	 * data is the document
	 * @return every violation, ordered by pointer
	 */
	public List<Violation> validateData(EventType type, JsonNode data, String at) {
		Schema schema = this.dataSchemas.get(type.name());
		if (schema == null) {
			throw new IllegalArgumentException("Event type " + type.name() + " is not in this validator's catalog");
		}
		List<Violation> violations = violations(schema, data, at);
		violations.sort(BY_POINTER);
		return violations;
	}

	/**
	 * The key an event of this type has by nature: the value of its key property.
	 * @param type the event type
	 * @param data valid data of that type
	 * @return the key, or empty if the type has no key property
	 */
	public static Optional<String> naturalKey(EventType type, JsonNode data) {
		if (type.keyProperty() == null) {
			return Optional.empty();
		}
		JsonNode key = data.path(type.keyProperty());
		return key.isTextual() ? Optional.of(key.asText()) : Optional.empty();
	}

	private static List<Violation> keyAgreement(EventType type, JsonNode key, JsonNode data) {
		Optional<String> natural = naturalKey(type, data);
		if (key.isTextual() && natural.isPresent() && !natural.get().equals(key.asText())) {
			return List.of(new Violation("/key", "must equal /data/" + type.keyProperty() + " ('" + natural.get()
					+ "') or be left out, so that all events of one " + type.keyProperty() + " stay in order"));
		}
		return List.of();
	}

	private static List<Violation> violations(Schema schema, JsonNode document, String at) {
		List<Violation> violations = new ArrayList<>();
		for (Error error : schema.validate(document)) {
			violations.add(toViolation(error, at));
		}
		return violations;
	}

	private static Violation toViolation(Error error, String at) {
		String location = error.getInstanceLocation().toString();
		String pointer = at + location;
		// These keywords are about a property the instance lacks or should not have.
		if (error.getProperty() != null && ("required".equals(error.getKeyword())
				|| "additionalProperties".equals(error.getKeyword()) || "propertyNames".equals(error.getKeyword()))) {
			pointer = Violation.append(pointer, error.getProperty());
		}
		String message = error.getMessage();
		if (message.startsWith(location + ": ")) {
			message = message.substring(location.length() + 2);
		}
		return new Violation(pointer, message);
	}

	private static Schema load(SchemaRegistry registry, String resource) {
		try (InputStream in = EventValidator.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Missing JSON Schema " + resource);
			}
			return registry.getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
