package io.pulsegate.ingress.send;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.web.util.UriUtils;

/**
 * Maps CloudEvents 1.0 in HTTP structured and binary mode onto the envelope of
 * {@code POST /send}: {@code partitionkey} becomes the key, {@code deliverat} and
 * {@code deliverafter} schedule delivery, and every attribute the envelope has no field
 * for (such as {@code subject} or extension attributes) becomes a header.
 */
final class CloudEvents {

	static final String STRUCTURED_MEDIA_TYPE = "application/cloudevents+json";

	static final String HEADER_PREFIX = "ce-";

	private static final Set<String> ENVELOPE_FIELDS = Set.of("id", "type", "source", "time", "data");

	/** Attributes that become envelope fields of another name. */
	static final Map<String, String> RENAMED = Map.of("partitionkey", "key", "deliverat", "deliverAt", "deliverafter",
			"deliverAfter");

	private static final Set<String> NOT_CARRIED = Set.of("specversion", "datacontenttype");

	private CloudEvents() {
	}

	/**
	 * The structured-mode document that binary-mode headers and body describe.
	 * @param headers the request headers, whose {@code ce-} ones are attributes
	 * @param data the body
	 * @return the CloudEvent as a structured-mode document
	 * @throws InvalidEventException if an attribute is not percent-encoded properly
	 */
	static ObjectNode fromBinary(HttpHeaders headers, JsonNode data) {
		ObjectNode cloudEvent = JsonNodeFactory.instance.objectNode();
		List<EventError> errors = new ArrayList<>();
		headers.forEach((name, values) -> {
			if (name.regionMatches(true, 0, HEADER_PREFIX, 0, HEADER_PREFIX.length()) && !values.isEmpty()) {
				// The HTTP binding percent-encodes attribute values in headers (RFC
				// 3986).
				try {
					cloudEvent.put(name.substring(HEADER_PREFIX.length()).toLowerCase(Locale.ROOT),
							UriUtils.decode(values.get(0), StandardCharsets.UTF_8));
				}
				// A '%' not followed by two hexadecimal digits.
				catch (IllegalArgumentException ex) {
					errors.add(EventError.inHeader(name.toLowerCase(Locale.ROOT),
							"must be percent-encoded: each '%' followed by two hexadecimal digits"));
				}
			}
		});
		if (!errors.isEmpty()) {
			throw new InvalidEventException(errors);
		}
		cloudEvent.set("data", data);
		return cloudEvent;
	}

	/**
	 * The envelope a valid structured-mode CloudEvent stands for.
	 * @param cloudEvent a CloudEvent that passed the CloudEvent schema
	 * @return the envelope
	 */
	static ObjectNode toEnvelope(JsonNode cloudEvent) {
		ObjectNode envelope = JsonNodeFactory.instance.objectNode();
		ObjectNode headers = JsonNodeFactory.instance.objectNode();
		cloudEvent.properties().forEach((attribute) -> {
			String name = attribute.getKey();
			if (ENVELOPE_FIELDS.contains(name)) {
				envelope.set(name, attribute.getValue());
			}
			else if (RENAMED.containsKey(name)) {
				envelope.set(RENAMED.get(name), attribute.getValue());
			}
			else if (!NOT_CARRIED.contains(name)) {
				headers.put(name, attribute.getValue().asText());
			}
		});
		if (!headers.isEmpty()) {
			envelope.set("headers", headers);
		}
		return envelope;
	}

}
