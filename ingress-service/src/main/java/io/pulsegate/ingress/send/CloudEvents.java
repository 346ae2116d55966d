package io.pulsegate.ingress.send;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
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
	 * @throws InvalidEventException if an attribute is not percent-encoded UTF-8, or
	 * holds NUL, which no message property can carry
	 */
	static ObjectNode fromBinary(HttpHeaders headers, JsonNode data) {
		ObjectNode cloudEvent = JsonNodeFactory.instance.objectNode();
		List<EventError> errors = new ArrayList<>();
		headers.forEach((name, values) -> {
			if (name.regionMatches(true, 0, HEADER_PREFIX, 0, HEADER_PREFIX.length()) && !values.isEmpty()) {
				String header = name.toLowerCase(Locale.ROOT);
				try {
					String value = decode(values.get(0));
					if (value.indexOf('\u0000') >= 0) {
						errors.add(EventError.inHeader(header, "holds U+0000 (NUL) once percent-decoded"));
					}
					else {
						cloudEvent.put(header.substring(HEADER_PREFIX.length()), value);
					}
				}
				// A '%' not followed by two hexadecimal digits.
				catch (IllegalArgumentException ex) {
					errors.add(EventError.inHeader(header,
							"must be percent-encoded: each '%' followed by two hexadecimal digits"));
				}
				catch (CharacterCodingException ex) {
					errors.add(EventError.inHeader(header, "is not UTF-8 once percent-decoded"));
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
	 * Decodes an attribute value as the HTTP binding encodes it in a header: UTF-8,
	 * percent-encoded (RFC 3986). The bytes are decoded strictly, where
	 * {@link UriUtils#decode(String, java.nio.charset.Charset)} would replace what is not
	 * UTF-8.
	 */
	private static String decode(String value) throws CharacterCodingException {
		// Tomcat gives a header's bytes as ISO-8859-1 chars, one each: back to bytes,
		// with
		// the escapes decoded, they are read as UTF-8.
		byte[] bytes = UriUtils.decode(value, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
		return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
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
