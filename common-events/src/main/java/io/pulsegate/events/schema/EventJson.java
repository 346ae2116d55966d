package io.pulsegate.events.schema;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;

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
 * nesting and huge numbers or strings are errors, not surprises. So is what a broker
 * property or a database column could not carry unchanged: bytes that are not UTF-8, NUL
 * and lone surrogates in strings, and numbers that take more than 64 digits written out
 * (such as {@code 1e309}), whatever their notation.
 */
public final class EventJson {

	private static final int MAX_DIGITS = 64;

	private static final JsonMapper MAPPER = JsonMapper
		.builder(JsonFactory.builder()
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxNestingDepth(32)
				.maxNumberLength(MAX_DIGITS)
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
			JsonNode node = MAPPER.readTree(utf8(json));
			if (node == null || node.isMissingNode()) {
				throw new MalformedJsonException("the body is empty");
			}
			requireCarriable(node);
			return node;
		}
		catch (NotCarriable ex) {
			throw new MalformedJsonException(ex.describe());
		}
		catch (JsonProcessingException ex) {
			throw new MalformedJsonException(ex.getOriginalMessage() + locationOf(ex));
		}
		// Jackson's own exception for an exponent no BigDecimal holds, such as
		// 1e-2147483648.
		catch (NumberFormatException ex) {
			throw new MalformedJsonException("a number is out of range: " + ex.getMessage());
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
	 * Reads event data, already parsed by {@link #read(byte[])}, into its record: binding
	 * the tree takes half the time of parsing the bytes once more.
	 * @param <T> the record type
	 * @param data the data's tree
	 * @param type the record class
	 * @return the record
	 * @throws MalformedJsonException if the data does not fit the record
	 */
	public static <T> T decode(JsonNode data, Class<T> type) {
		try {
			return MAPPER.treeToValue(data, type);
		}
		catch (JsonProcessingException ex) {
			throw new MalformedJsonException(ex.getOriginalMessage());
		}
	}

	// Jackson decodes UTF-8 leniently (overlong forms, encoded surrogates): the JDK's
	// decoder does not.
	private static String utf8(byte[] json) {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(json);
		CharBuffer out = CharBuffer.allocate(json.length);
		CoderResult result = decoder.decode(in, out, true);
		if (result.isError()) {
			throw new MalformedJsonException("the body is not UTF-8 at byte " + in.position());
		}
		decoder.flush(out);
		out.flip();
		// A byte order mark, which the byte parser would skip, is no JSON.
		if (out.hasRemaining() && out.get(0) == '\uFEFF') {
			out.position(1);
		}
		return out.toString();
	}

	/**
	 * Checks every string and number of a tree. The pointer to what failed is put
	 * together only then, on the way out: building one for every node cost the ingress
	 * about 7% of what it allocates per event.
	 */
	private static void requireCarriable(JsonNode node) {
		if (node.isTextual()) {
			requireCarriable(node.textValue());
		}
		else if (node.isBigDecimal() && digitsWrittenOut(node.decimalValue()) > MAX_DIGITS) {
			throw new NotCarriable("the number at %s takes more than " + MAX_DIGITS + " digits written out");
		}
		else if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				try {
					requireCarriable(property.getKey());
					requireCarriable(property.getValue());
				}
				catch (NotCarriable ex) {
					throw ex.within(property.getKey().replace("~", "~0").replace("/", "~1"));
				}
			}
		}
		else if (node.isArray()) {
			for (int index = 0; index < node.size(); index++) {
				try {
					requireCarriable(node.get(index));
				}
				catch (NotCarriable ex) {
					throw ex.within(Integer.toString(index));
				}
			}
		}
	}

	private static void requireCarriable(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\u0000') {
				throw new NotCarriable("the string at %s holds U+0000 (NUL)");
			}
			if (Character.isSurrogate(c)) {
				if (Character.isHighSurrogate(c) && i + 1 < text.length()
						&& Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
				}
				else {
					throw new NotCarriable("the string at %s holds a lone surrogate");
				}
			}
		}
	}

	// Integer digits plus fraction digits, as in 1000 or 0.0001, not 1e3 or 1e-4.
	private static long digitsWrittenOut(BigDecimal number) {
		long precision = number.precision();
		long scale = number.scale();
		return Math.max(precision - scale, 0) + Math.max(scale, 0);
	}

	private static String locationOf(JsonProcessingException ex) {
		return (ex.getLocation() != null)
				? " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")" : "";
	}

	/**
	 * A string or number no event may carry, with the pointer to it gathered segment by
	 * segment as it propagates up the tree. Without a stack trace: it never leaves this
	 * class.
	 */
	private static final class NotCarriable extends RuntimeException {

		private final String problem;

		private final ArrayDeque<String> segments = new ArrayDeque<>();

		NotCarriable(String problem) {
			super(null, null, false, false);
			this.problem = problem;
		}

		NotCarriable within(String segment) {
			this.segments.addFirst(segment);
			return this;
		}

		String describe() {
			StringBuilder pointer = new StringBuilder();
			this.segments.forEach((segment) -> pointer.append('/').append(segment));
			return String.format(this.problem, pointer);
		}

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
