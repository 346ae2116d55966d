package io.pulsegate.events.schema;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads event JSON strictly and within bounds: duplicate keys, trailing content, deep
 * nesting and huge numbers or strings are errors, not surprises.
 */
public final class EventJson {

	private static final JsonMapper MAPPER = JsonMapper
		.builder(JsonFactory.builder()
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxNestingDepth(32)
				.maxNumberLength(64)
				.maxStringLength(1_000_000)
				.build())
			.build())
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		// Numbers pass through exactly as sent: no rounding through double, 25.0 stays
		// 25.0.
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
		.build();

	private EventJson() {
	}

	/**
	 * Parses a JSON document.
	 * @param json the UTF-8 encoded document
	 * @return its tree
	 * @throws MalformedJsonException if it is not a single well-formed JSON value within
	 * the bounds
	 */
	public static JsonNode read(byte[] json) {
		try {
			JsonNode node = MAPPER.readTree(json);
			if (node == null || node.isMissingNode()) {
				throw new MalformedJsonException("the body is empty");
			}
			return node;
		}
		catch (JsonProcessingException ex) {
			throw new MalformedJsonException(ex.getOriginalMessage() + locationOf(ex));
		}
		catch (IOException ex) {
			throw new MalformedJsonException(ex.getMessage());
		}
	}

	/**
	 * Writes a tree as compact UTF-8 JSON.
	 * @param node the tree
	 * @return the bytes
	 */
	public static byte[] write(JsonNode node) {
		try {
			return MAPPER.writeValueAsBytes(node);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A JSON tree could not be written", ex);
		}
	}

	/**
	 * Reads event data into its record.
	 * @param <T> the record type
	 * @param data the data as JSON
	 * @param type the record class
	 * @return the record
	 * @throws MalformedJsonException if the data does not fit the record
	 */
	public static <T> T decode(byte[] data, Class<T> type) {
		try {
			return MAPPER.readValue(data, type);
		}
		catch (JsonProcessingException ex) {
			throw new MalformedJsonException(ex.getOriginalMessage() + locationOf(ex));
		}
		catch (IOException ex) {
			throw new MalformedJsonException(ex.getMessage());
		}
	}

	private static String locationOf(JsonProcessingException ex) {
		return (ex.getLocation() != null)
				? " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")" : "";
	}

	/**
	 * JSON that cannot be read.
	 */
	public static final class MalformedJsonException extends RuntimeException {

		MalformedJsonException(String message) {
			super(message);
		}

	}

}
