package io.pulsegate.ingress.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of JSON bodies that no ingress may publish: each is broken in a way that
 * makes it invalid whatever else it holds, so that any answer but a 4xx is a bug.
 */
final class HostileJson {

	private HostileJson() {
	}

	/**
	 * Valid events of each type, as envelopes: the material the generators break.
	 * @return valid envelopes
	 */
	static Arbitrary<String> validEnvelopes() {
		Arbitrary<String> orderIds = Arbitraries.strings()
			.alpha()
			.numeric()
			.withChars('-')
			.ofMinLength(1)
			.ofMaxLength(20);
		return orderIds.flatMap((orderId) -> Arbitraries.of(placed(orderId), paid(orderId), cancelled(orderId)));
	}

	static String placed(String orderId) {
		return "{\"type\": \"order.placed\", \"id\": \"placed-" + orderId + "\", \"headers\": {\"tenant\": \"t\"},"
				+ " \"data\": {\"orderId\": \"" + orderId + "\", \"customerId\": \"c-1\","
				+ " \"lines\": [{\"sku\": \"BOOK-1\", \"quantity\": 2, \"unitPrice\": 12.5}], \"total\": 25.0,"
				+ " \"currency\": \"EUR\"}}";
	}

	static String paid(String orderId) {
		return "{\"type\": \"order.paid\", \"time\": \"2026-11-23T10:00:00Z\", \"data\": {\"orderId\": \"" + orderId
				+ "\", \"paymentId\": \"p-1\", \"amount\": 25.0, \"currency\": \"EUR\"}}";
	}

	static String cancelled(String orderId) {
		return "{\"type\": \"order.cancelled\", \"source\": \"/shop\", \"data\": {\"orderId\": \"" + orderId
				+ "\", \"reason\": \"changed my mind\"}}";
	}

	/**
	 * An event that can never be published, whatever the headers say: its data lacks a
	 * required property. Requests about headers and paths carry it.
	 * @return the envelope
	 */
	static String unpublishable() {
		return "{\"type\": \"order.cancelled\", \"data\": {\"orderId\": \"o-1\"}}";
	}

	/**
	 * Valid envelopes broken by one change that makes any JSON parser refuse them.
	 * @return malformed documents
	 */
	static Arbitrary<String> malformed() {
		return validEnvelopes().flatMap((json) -> Arbitraries.oneOf(
				// Cut short anywhere: the outer object is never closed.
				Arbitraries.integers().between(0, json.length() - 1).map((end) -> json.substring(0, end)),
				// A quote swapped for an apostrophe, which JSON does not know.
				Arbitraries.integers().between(0, json.length() - 1).map((from) -> replaceNext(json, from, "\"", "'")),
				// A comment after a structural character.
				Arbitraries.integers()
					.between(0, json.length() - 1)
					.map((from) -> insertAfterNext(json, from, "{:,", "/* hello */")),
				// A trailing comma before a closing brace or bracket.
				Arbitraries.of(json.lastIndexOf('}'), json.lastIndexOf(']'))
					.filter((at) -> at > 0)
					.map((at) -> json.substring(0, at) + "," + json.substring(at)),
				// Content after the document.
				Arbitraries.of("x", "}", "]", "{}", ",", "\"", "null", "[1]", " {\"type\": \"order.placed\"}")
					.map((trailer) -> json + trailer),
				// Numbers JSON does not allow.
				Arbitraries.of("NaN", "Infinity", "-Infinity", "0x1F", "+1", ".5", "012", "1.", "1e", "--1", "1_000")
					.map((number) -> json.replaceFirst("(\"(?:quantity|amount)\": )[0-9.]+", "$1" + number)
						.replace("\"data\": {\"orderId\"", "\"n\": " + number + ", \"data\": {\"orderId\"")),
				// A raw control character (other than whitespace) after a quote: inside a
				// string or between tokens, either way forbidden.
				Combinators
					.combine(Arbitraries.integers().between(0, json.length() - 1),
							Arbitraries.chars()
								.range('\u0000', '\u001f')
								.filter((c) -> c != '\t' && c != '\n' && c != '\r'))
					.as((from, control) -> insertAfterNext(json, from, "\"", String.valueOf(control))),
				// An escape JSON does not define.
				Arbitraries.of("\\x41", "\\u12G4", "\\'", "\\a", "\\u", "\\U0001F600", "\\")
					.map((escape) -> json.replace("\"o", "\"" + escape + "o"))));
	}

	/**
	 * Well-formed JSON of the wrong shape: a value of another JSON type where the
	 * envelope or the data has a field, or a document that is no object at all.
	 * @return ill-typed documents
	 */
	static Arbitrary<String> wrongTypes() {
		List<String> notStrings = List.of("null", "true", "0", "-1", "1.5", "1e308", "[]", "{}", "[\"a\"]",
				"{\"a\": 1}");
		List<String> notNumbers = List.of("null", "false", "\"1\"", "\"\"", "[]", "{}", "[1]", "{\"a\": 1}");
		List<String> notObjects = List.of("null", "true", "0", "\"x\"", "[]", "[{}]");
		List<String> notArrays = List.of("null", "true", "0", "\"x\"", "{}", "{\"a\": 1}");
		String placed = placed("o-1");
		String line = "{\"sku\": \"BOOK-1\", \"quantity\": 2, \"unitPrice\": 12.5}";
		Map<String, List<String>> templates = Map.ofEntries(
				Map.entry(placed.replace("\"order.placed\"", "@"), notStrings),
				Map.entry(placed.replace("\"placed-o-1\"", "@"), notStrings),
				Map.entry(placed.replace("{\"tenant\": \"t\"}", "@"), notObjects),
				Map.entry(placed.replace("\"t\"}", "@}"), notStrings),
				Map.entry(placed.replace("\"o-1\"", "@"), notStrings),
				Map.entry(placed.replace("\"c-1\"", "@"), notStrings),
				Map.entry(placed.replace("[" + line + "]", "@"), notArrays),
				Map.entry(placed.replace(line, "@"), notObjects),
				Map.entry(placed.replace("\"BOOK-1\"", "@"), notStrings),
				Map.entry(placed.replace("\"quantity\": 2", "\"quantity\": @"), notNumbers),
				Map.entry(placed.replace("12.5", "@"), notNumbers), Map.entry(placed.replace("25.0", "@"), notNumbers),
				Map.entry(placed.replace("\"EUR\"", "@"), notStrings),
				Map.entry(paid("o-1").replace("\"2026-11-23T10:00:00Z\"", "@"), notStrings),
				Map.entry(paid("o-1").replace("25.0", "@"), notNumbers),
				Map.entry(cancelled("o-1").replace("\"/shop\"", "@"), notStrings),
				Map.entry(cancelled("o-1").replace("{\"orderId\": \"o-1\", \"reason\": \"changed my mind\"}", "@"),
						notObjects),
				Map.entry(cancelled("o-1").replace("\"changed my mind\"", "@"), notStrings));
		Arbitrary<String> documents = Arbitraries.of("null", "true", "42", "\"order.placed\"", "[]", "[" + placed + "]",
				"{}");
		Arbitrary<String> fields = Arbitraries.of(templates.keySet())
			.flatMap(
					(template) -> Arbitraries.of(templates.get(template)).map((value) -> template.replace("@", value)));
		return Arbitraries.oneOf(documents, fields);
	}

	/**
	 * Times and delays that no event may carry: not RFC 3339 or ISO 8601, offsets past
	 * what a clock has, fractions finer than a nanosecond, or delays past the maximum and
	 * past what an instant can hold.
	 * @return documents with one hostile time or delay
	 */
	static Arbitrary<String> hostileTimes() {
		Arbitrary<String> times = Arbitraries.of("soon", "", "2026-13-01T00:00:00Z", "2026-11-23T25:00:00Z",
				"2026-02-30T00:00:00Z", "2026-11-23", "2026-11-23T10:00:00", "2026-11-23T10:00:00+19:00",
				"2026-11-23T10:00:00-23:59", "2026-11-23T10:00:00+99:99", "2026-11-23T10:00:00.1234567890123Z",
				"+1000000000-01-01T00:00:00Z", "-2026-11-23T10:00:00Z", "2026-11-23T10:00:00Z\n");
		Arbitrary<String> delays = Arbitraries.of("PT9223372036854775807S", "P106751991167300D", "PT2562047788015215H",
				"PT153722867280912930M", "P9999999D", "P1Y", "P1M", "P1W", "PT0.0000000001S", "P", "PT", "soon", "",
				"PT1H ", "P1DT", "PT1.5.5S");
		Arbitrary<String> future = Arbitraries.of("9999-12-31T23:59:59Z", "2999-01-01T00:00:00+18:00",
				"9999-12-31T23:59:59-23:59");
		return Arbitraries.oneOf(times.map((time) -> paid("o-1").replace("2026-11-23T10:00:00Z", time)),
				Arbitraries.oneOf(times, future)
					.map((time) -> cancelled("o-1").replace("{\"type\"", "{\"deliverAt\": \"" + time + "\", \"type\"")),
				delays.map((delay) -> cancelled("o-1").replace("{\"type\"",
						"{\"deliverAfter\": \"" + delay + "\", \"type\"")));
	}

	/**
	 * Arrays or objects nested deeper than the ingress reads, up to 100,000 levels, at
	 * the top or inside the data, closed or not.
	 * @return deeply nested documents
	 */
	static Arbitrary<String> deeplyNested() {
		return Combinators.combine(
				Arbitraries.integers().between(33, 100_000).withDistribution(net.jqwik.api.RandomDistribution.biased()),
				Arbitraries.of("[", "{\"a\":", "[{\"a\":"), Arbitraries.of(true, false),
				Arbitraries.of("top", "data", "header"))
			.as((depth, opener, closed, where) -> {
				StringBuilder nested = new StringBuilder(depth * opener.length() * 2);
				int levels = opener.startsWith("[{") ? depth / 2 : depth;
				nested.append(opener.repeat(levels)).append("1");
				if (closed) {
					String closer = switch (opener) {
						case "[" -> "]";
						case "{\"a\":" -> "}";
						default -> "}]";
					};
					nested.append(closer.repeat(levels));
				}
				return switch (where) {
					case "top" -> nested.toString();
					case "data" ->
						"{\"type\": \"order.cancelled\", \"data\": {\"orderId\": \"o-1\", \"reason\": " + nested + "}}";
					default -> "{\"type\": \"order.cancelled\", \"headers\": {\"x\": " + nested
							+ "}, \"data\": {\"orderId\": \"o-1\", \"reason\": \"r\"}}";
				};
			});
	}

	/**
	 * A string longer than its field allows, up to past the 1,000,000 characters the
	 * ingress reads, in a field, a header or a property name.
	 * @return documents with one oversized string
	 */
	static Arbitrary<String> hugeStrings() {
		// Longer than the longest a field may be (4,096, a header value).
		Arbitrary<Integer> lengths = Arbitraries.oneOf(Arbitraries.integers().between(4097, 70_000),
				Arbitraries.integers().between(999_990, 1_000_010));
		return Combinators
			.combine(lengths, Arbitraries.of("a", "é", "€", "😀"), Arbitraries.of("type", "id", "source", "key",
					"orderId", "reason", "headerValue", "headerName", "propertyName"))
			.as((length, fill, where) -> {
				// Schemas count code points: as many as the length, whatever their size.
				String huge = String.valueOf(fill).repeat(length);
				String base = "{\"type\": \"order.cancelled\", \"id\": \"i\", \"source\": \"/s\", \"key\": \"o-1\","
						+ " \"headers\": {\"h\": \"v\"}, \"data\": {\"orderId\": \"o-1\", \"reason\": \"r\"}}";
				return switch (where) {
					case "type" -> base.replace("\"order.cancelled\"", "\"" + huge + "\"");
					case "id" -> base.replace("\"i\"", "\"" + huge + "\"");
					case "source" -> base.replace("\"/s\"", "\"" + huge + "\"");
					case "key" -> base.replace("\"key\": \"o-1\"", "\"key\": \"" + huge + "\"");
					case "orderId" -> base.replace("\"orderId\": \"o-1\"", "\"orderId\": \"" + huge + "\"");
					case "reason" -> base.replace("\"r\"", "\"" + huge + "\"");
					case "headerValue" -> base.replace("\"v\"", "\"" + huge + "\"");
					case "headerName" -> base.replace("\"h\"", "\"" + huge + "\"");
					default -> base.replace("\"reason\"", "\"" + huge + "\": 1, \"reason\"");
				};
			});
	}

	/**
	 * Numbers too long or too large to be an amount or a count: up to 200,000 digits, or
	 * exponents up to a billion, where the data has numbers or in a field of its own.
	 * @return documents with one hostile number
	 */
	static Arbitrary<String> hugeNumbers() {
		Arbitrary<String> longDigits = Arbitraries.integers().between(65, 200_000).map((digits) -> "9".repeat(digits));
		Arbitrary<String> longFractions = Arbitraries.integers()
			.between(65, 200_000)
			.map((digits) -> "0." + "0".repeat(digits - 1) + "1");
		Arbitrary<String> exponents = Combinators
			.combine(Arbitraries.of("1", "-1", "9.99", "123.456", "0.1"), Arbitraries.of("e", "E", "e+", "E-", "e-"),
					Arbitraries.oneOf(Arbitraries.integers().between(309, 1_000_000_000),
							Arbitraries.of(1_000_000, 999_999_999, Integer.MAX_VALUE)))
			.as((mantissa, e, exponent) -> mantissa + e + exponent);
		return Combinators
			.combine(Arbitraries.oneOf(longDigits, longFractions, exponents),
					Arbitraries.of("total", "unitPrice", "quantity", "amount", "extra"))
			.as((number, where) -> switch (where) {
				case "total" -> placed("o-1").replace("\"total\": 25.0", "\"total\": " + number);
				case "unitPrice" -> placed("o-1").replace("\"unitPrice\": 12.5", "\"unitPrice\": " + number);
				case "quantity" -> placed("o-1").replace("\"quantity\": 2", "\"quantity\": " + number);
				case "amount" -> paid("o-1").replace("\"amount\": 25.0", "\"amount\": " + number);
				default -> cancelled("o-1").replace("\"reason\"", "\"n\": " + number + ", \"reason\"");
			});
	}

	/**
	 * Valid envelopes with one duplicated property, at the top, in the data, in the
	 * headers or in an order line, spelled the same or escaped differently.
	 * @return documents with a duplicate key
	 */
	static Arbitrary<String> duplicateKeys() {
		return Arbitraries.of(
				placed("o-1").replace("{\"type\": \"order.placed\"",
						"{\"type\": \"order.placed\", \"type\": \"order.paid\""),
				placed("o-1").replace("{\"type\": \"order.placed\"",
						"{\"type\": \"order.placed\", \"\\u0074ype\": \"order.placed\""),
				placed("o-1").replace("\"orderId\": \"o-1\"", "\"orderId\": \"o-1\", \"orderId\": \"o-2\""),
				placed("o-1").replace("\"tenant\": \"t\"", "\"tenant\": \"t\", \"tenant\": \"u\""),
				placed("o-1").replace("\"quantity\": 2", "\"quantity\": 2, \"quantity\": 3"),
				placed("o-1").replace("}}", "}, \"data\": {}}"),
				cancelled("o-1").replace("\"reason\"", "\"re\\u0061son\": \"x\", \"reason\""),
				paid("o-1").replace("\"time\"", "\"time\": \"2026-11-23T10:00:00Z\", \"time\""));
	}

	/**
	 * Valid envelopes with bytes that are not UTF-8 inside a string: lone continuation
	 * bytes, overlong forms (of NUL, too), encoded surrogates, code points past U+10FFFF,
	 * bytes UTF-8 never uses and sequences cut short.
	 * @return the bodies
	 */
	static Arbitrary<byte[]> invalidUtf8() {
		Arbitrary<byte[]> sequences = Arbitraries.of(new byte[] { (byte) 0x80 }, new byte[] { (byte) 0xBF },
				new byte[] { (byte) 0xC0, (byte) 0x80 }, new byte[] { (byte) 0xC1, (byte) 0xBF },
				new byte[] { (byte) 0xE0, (byte) 0x80, (byte) 0x80 },
				new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
				new byte[] { (byte) 0xED, (byte) 0xBF, (byte) 0xBF },
				new byte[] { (byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0x80 },
				new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }, new byte[] { (byte) 0xF5 },
				new byte[] { (byte) 0xFE }, new byte[] { (byte) 0xFF }, new byte[] { (byte) 0xE2, (byte) 0x82 },
				new byte[] { (byte) 0xC3 }, new byte[] { (byte) 0xF0, (byte) 0x9F, (byte) 0x98 });
		Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8);
		return Combinators.combine(validEnvelopes(), Arbitraries.oneOf(sequences, sequences, random))
			.as((json, bad) -> {
				byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
				// Inside the first string value of the data: always within a string.
				int at = json.indexOf("\"orderId\": \"") + "\"orderId\": \"".length();
				ByteArrayOutputStream body = new ByteArrayOutputStream();
				body.write(utf8, 0, at);
				body.writeBytes(bad);
				body.write(utf8, at, utf8.length - at);
				return body.toByteArray();
			})
			.filter((body) -> !isUtf8(body));
	}

	static boolean isUtf8(byte[] bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
			return true;
		}
		catch (java.nio.charset.CharacterCodingException ex) {
			return false;
		}
	}

	/**
	 * Strings the JSON text carries as escapes but no UTF-8 text can: lone surrogates and
	 * NUL, in an envelope field, the data or a header.
	 * @return documents with one such string
	 */
	static Arbitrary<String> unencodableText() {
		return Combinators
			.combine(validEnvelopes(), Arbitraries.of("\\u0000", "\\ud800", "\\udfff", "\\udc00\\ud800", "a\\ud83d"),
					Arbitraries.of("\"orderId\": \"", "\"type\": \"", "\"tenant\": \"", "\"source\": \"", "\"id\": \"",
							"\"reason\": \"", "\"currency\": \""))
			.as((json, escape, after) -> json.replace(after, after + escape))
			.filter((json) -> json.contains("\\u"));
	}

	/**
	 * Valid events whose {@code id} or {@code source} holds nothing but white space, as
	 * {@code String.isBlank} sees it: ASCII and Unicode spaces, line separators and the
	 * information separators (U+001C to U+001F), as JSON escapes.
	 * @return the envelopes
	 */
	static Arbitrary<String> blankIdsAndSources() {
		Arbitrary<String> blanks = Arbitraries
			.of(" ", "\\t", "\\n", "\\r", "\\u000b", "\\u001c", "\\u001f", "\\u1680", "\\u2003", "\\u2028", "\\u205f",
					"\\u3000")
			.list()
			.ofMinSize(1)
			.ofMaxSize(4)
			.map((spaces) -> String.join("", spaces));
		return Combinators.combine(validEnvelopes(), blanks, Arbitraries.of("id", "source"))
			.as((json, blank, field) -> json.contains("\"" + field + "\": \"")
					? json.replaceFirst("\"" + field + "\": \"[^\"]*\"",
							Matcher.quoteReplacement("\"" + field + "\": \"" + blank + "\""))
					: json.replaceFirst("\\{", Matcher.quoteReplacement("{\"" + field + "\": \"" + blank + "\", ")));
	}

	private static String replaceNext(String text, int from, String target, String replacement) {
		int at = text.indexOf(target, from);
		if (at < 0) {
			at = text.indexOf(target);
		}
		return text.substring(0, at) + replacement + text.substring(at + target.length());
	}

	private static String insertAfterNext(String text, int from, String anyOf, String insertion) {
		for (int at = from; at < text.length() + from; at++) {
			int i = at % text.length();
			if (anyOf.indexOf(text.charAt(i)) >= 0) {
				return text.substring(0, i + 1) + insertion + text.substring(i + 1);
			}
		}
		throw new IllegalArgumentException("None of " + anyOf + " in " + text);
	}

}
