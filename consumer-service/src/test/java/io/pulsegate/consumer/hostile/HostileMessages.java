package io.pulsegate.consumer.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of messages that no consumer can apply: each is broken, in its data or its
 * properties, in a way that makes it no valid event whatever else it holds.
 */
final class HostileMessages {

	private HostileMessages() {
	}

	/**
	 * The properties an event of a type has on the topic, with an id of its own.
	 * @param type the event type
	 * @return the properties
	 */
	static Map<String, String> eventProperties(String type) {
		return Map.of("ce_specversion", "1.0", "ce_id", "hostile-" + UUID.randomUUID(), "ce_type", type, "ce_source",
				"/hostile");
	}

	/** Valid data of each type, for an order of its own. */
	static Arbitrary<String[]> validData() {
		return Arbitraries.create(() -> "o-" + UUID.randomUUID())
			.flatMap((orderId) -> Arbitraries.of(new String[] { "order.placed", placed(orderId) },
					new String[] { "order.paid", paid(orderId) },
					new String[] { "order.cancelled", cancelled(orderId) }));
	}

	static String placed(String orderId) {
		return "{\"orderId\": \"" + orderId + "\", \"customerId\": \"c-1\", \"lines\": [{\"sku\": \"BOOK-1\","
				+ " \"quantity\": 2, \"unitPrice\": 12.5}], \"total\": 25.0, \"currency\": \"EUR\"}";
	}

	static String paid(String orderId) {
		return "{\"orderId\": \"" + orderId + "\", \"paymentId\": \"p-1\", \"amount\": 25.0, \"currency\": \"EUR\"}";
	}

	static String cancelled(String orderId) {
		return "{\"orderId\": \"" + orderId + "\", \"reason\": \"changed my mind\"}";
	}

	/**
	 * Random bytes as the data of an event of a known type.
	 * @return messages
	 */
	static Arbitrary<HostileMessage> randomPayloads() {
		return Combinators
			.combine(Arbitraries.of("order.placed", "order.paid", "order.cancelled"),
					Arbitraries.bytes().array(byte[].class).ofMaxSize(4096))
			.as((type, payload) -> new HostileMessage(eventProperties(type), "k", 0, payload));
	}

	/**
	 * Valid data broken so that no JSON parser reads it: cut short, trailing content,
	 * bytes that are not UTF-8, NUL or lone surrogates in a string.
	 * @return messages
	 */
	static Arbitrary<HostileMessage> malformedData() {
		return validData().flatMap((valid) -> {
			String data = valid[1];
			Arbitrary<byte[]> broken = Arbitraries.oneOf(
					Arbitraries.integers().between(0, data.length() - 1).map((end) -> utf8(data.substring(0, end))),
					Arbitraries.of("x", "}", "]", "{}", ",", "\"").map((trailer) -> utf8(data + trailer)),
					Arbitraries.of("\\u0000", "\\ud800", "\\udfff", "a\\ud83d")
						.map((escape) -> utf8(data.replace("\"orderId\": \"", "\"orderId\": \"" + escape))),
					Arbitraries
						.of(new byte[] { (byte) 0xC0, (byte) 0x80 },
								new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, new byte[] { (byte) 0xFF },
								new byte[] { (byte) 0x80 },
								new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 })
						.map((bad) -> insertAfter(data, "\"orderId\": \"", bad)));
			return broken.map((payload) -> new HostileMessage(eventProperties(valid[0]), "k", 0, payload));
		});
	}

	/**
	 * Well-formed JSON that breaks its type's schema: a value of another JSON type, a
	 * required property missing, a property too many, or no object at all.
	 * @return messages
	 */
	static Arbitrary<HostileMessage> wrongTypes() {
		Arbitrary<String> values = Arbitraries.of("null", "true", "[]", "{}", "\"\"", "-1", "{\"a\": 1}");
		return Combinators.combine(validData(), values, Arbitraries.of("orderId", "data", "extra", "missing"))
			.as((valid, value, where) -> {
				String data = switch (where) {
					case "orderId" -> valid[1].replaceFirst("\"orderId\": \"[^\"]*\"", "\"orderId\": " + value);
					case "data" -> value;
					case "extra" -> valid[1].replace("{\"orderId\"", "{\"colour\": " + value + ", \"orderId\"");
					default -> valid[1].replaceFirst("\"orderId\": \"[^\"]*\", ", "");
				};
				return new HostileMessage(eventProperties(valid[0]), "k", 0, utf8(data));
			});
	}

	/**
	 * Data with a value far beyond its bounds: numbers of hundreds of thousands of digits
	 * or exponents no decimal holds, strings of up to a megabyte, nesting up to 10,000
	 * levels.
	 * @return messages
	 */
	static Arbitrary<HostileMessage> hugeValues() {
		Arbitrary<String> numbers = Arbitraries.oneOf(
				Arbitraries.integers().between(65, 200_000).map((digits) -> "9".repeat(digits)),
				Arbitraries.of("1e309", "1E+999999999", "9.99E-2147483647", "1e-400", "-1e1000000"));
		Arbitrary<String> strings = Arbitraries.integers()
			.between(513, 1_000_000)
			.map((length) -> "\"" + "x".repeat(length) + "\"");
		Arbitrary<String> nested = Arbitraries.integers()
			.between(33, 10_000)
			.map((depth) -> "[".repeat(depth) + "]".repeat(depth));
		return Combinators.combine(validData(), Arbitraries.oneOf(numbers, strings, nested)).as((valid, huge) -> {
			String data = valid[1].contains("25.0") ? valid[1].replace("25.0", huge)
					: valid[1].replace("\"changed my mind\"", huge);
			return new HostileMessage(eventProperties(valid[0]), "k", 0, utf8(data));
		});
	}

	/**
	 * Valid data whose message is no event: a context attribute missing, blank or holding
	 * NUL, an unknown type (of up to 100,000 characters), or a key holding NUL.
	 * @return messages
	 */
	static Arbitrary<HostileMessage> hostileProperties() {
		Arbitrary<String> badTypes = Arbitraries.oneOf(
				Arbitraries.of("", " ", "order.shipped", "ORDER.PLACED", "order.placed ", "order.placed\u0000",
						"order.placed\r\nce_type: order.paid", "'; DROP TABLE orders; --", "../order.placed"),
				Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter((type) -> !type.startsWith("order.")),
				Arbitraries.integers().between(1_000, 100_000).map((length) -> "t".repeat(length)));
		return Combinators
			.combine(validData(), Arbitraries.of("missing", "blank", "nul", "type", "key"),
					Arbitraries.of("ce_id", "ce_type", "ce_source"), badTypes)
			.as((valid, how, attribute, badType) -> {
				Map<String, String> properties = new HashMap<>(eventProperties(valid[0]));
				String key = "k";
				switch (how) {
					case "missing" -> properties.remove(attribute);
					case "blank" -> properties.put(attribute, " \t");
					case "nul" -> properties.put(attribute, properties.get(attribute) + "\u0000");
					case "type" -> properties.put("ce_type", badType);
					default -> key = "k\u0000";
				}
				return new HostileMessage(properties, key, 0, utf8(valid[1]));
			});
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] insertAfter(String text, String marker, byte[] insertion) {
		byte[] bytes = utf8(text);
		int at = utf8(text.substring(0, text.indexOf(marker) + marker.length())).length;
		ByteArrayOutputStream result = new ByteArrayOutputStream();
		result.write(bytes, 0, at);
		result.writeBytes(insertion);
		result.write(bytes, at, bytes.length - at);
		return result.toByteArray();
	}

}
