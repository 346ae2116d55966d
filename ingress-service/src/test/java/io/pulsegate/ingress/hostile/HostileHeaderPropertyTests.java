package io.pulsegate.ingress.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pulsegate.testsupport.Outcomes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile headers, request lines and paths against the running ingress: control
 * characters, line breaks that would inject headers or a second request, bytes outside
 * ASCII, oversized values, malformed {@code Content-Type} and {@code Content-Length},
 * invalid percent-encoding in {@code ce-} attributes, odd methods and paths. The body is
 * an event that can never be published (its data lacks a required property), so whatever
 * a header does, the answer must be a 4xx problem document, and nothing may be published.
 * Tries per property: {@code jqwik.tries.default}.
 */
class HostileHeaderPropertyTests {

	/** Every header the ingress reads, and some it should ignore. */
	private static final List<String> HEADER_NAMES = List.of("X-API-Key", "Authorization", "Content-Type",
			"Content-Length", "Transfer-Encoding", "Host", "Idempotency-Key", "Prefer", "Accept", "Accept-Charset",
			"Accept-Encoding", "Content-Encoding", "Expect", "Cookie", "traceparent", "tracestate", "baggage",
			"X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded", "Origin", "Range", "If-Match",
			"ce-specversion", "ce-id", "ce-source", "ce-type", "ce-time", "ce-subject", "ce-partitionkey",
			"ce-deliverat", "ce-deliverafter", "ce-data", "ce-", "ce-x", "X-Anything");

	private static RunningIngress ingress;

	private static Outcomes outcomes;

	private static Rejections rejections;

	@BeforeContainer
	static void startIngress() {
		ingress = RunningIngress.start();
		outcomes = new Outcomes("Hostile headers, request lines and paths against the running ingress",
				Rejections::isProblem);
		rejections = new Rejections(ingress, outcomes);
	}

	@AfterContainer
	static void stopIngress() throws IOException {
		outcomes.print();
		ingress.close();
	}

	@Property
	void hostileValuesInEveryHeaderAreRejected(@ForAll("headerNames") String name,
			@ForAll("hostileValues") byte[] value, @ForAll Form form) throws Exception {
		// RFC 9112 (6.1): a transfer coding the server does not know is a 501.
		int[] protocolStatuses = name.equals("Transfer-Encoding") ? new int[] { 501 } : new int[0];
		rejections.assertRejected("header values", form.request(name, value), protocolStatuses);
	}

	// Edges a random pick of name and value reaches only now and then, in every build:
	// an Accept holding a C1 control character (0x85, or UTF-8 read as ISO-8859-1) once
	// got a bare 400.
	@Example
	void edgeValuesInEveryHeaderAreRejected() throws Exception {
		List<byte[]> edges = List.of(new byte[0], new byte[] { (byte) 0x85 }, new byte[] { 0 }, bytes("é€😀"));
		for (String name : HEADER_NAMES) {
			for (byte[] value : edges) {
				for (Form form : Form.values()) {
					int[] protocolStatuses = name.equals("Transfer-Encoding") ? new int[] { 501 } : new int[0];
					rejections.assertRejected("header values", form.request(name, value), protocolStatuses);
				}
			}
		}
	}

	@Property
	void ceAttributesNoMessageCanCarryAreRejected(@ForAll("ceAttributes") String name,
			@ForAll("uncarriableEncodings") String value) throws Exception {
		// The body and the other attributes are valid: only this attribute is wrong.
		Map<String, String> attributes = new LinkedHashMap<>(Map.of("ce-specversion", "1.0", "ce-id", "hostile-1",
				"ce-source", "/hostile", "ce-type", "order.cancelled"));
		attributes.put(name, value);
		RawHttp.Request request = RawHttp.Request.post("/send")
			.header("Content-Type", "application/json")
			.header("X-API-Key", RunningIngress.API_KEY);
		attributes.forEach(request::header);
		rejections.assertRejected("ce- attributes no message can carry",
				request.body("{\"orderId\": \"o-1\", \"reason\": \"r\"}"));
	}

	@Property
	void hostileHeaderNamesAreRejected(@ForAll("hostileNames") byte[] name, @ForAll Form form) throws Exception {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		line.writeBytes(name);
		line.writeBytes(": x".getBytes(StandardCharsets.US_ASCII));
		rejections.assertRejected("header names", form.request().headerLine(line.toByteArray()));
	}

	@Property
	void hostileContentTypesAreRejected(@ForAll("contentTypes") String contentType, @ForAll Form form)
			throws Exception {
		rejections.assertRejected("content types", form.request("Content-Type", bytes(contentType)));
	}

	@Property
	void hostileContentLengthsAreRejected(@ForAll("contentLengths") String contentLength, @ForAll Form form)
			throws Exception {
		rejections.assertRejected("content lengths", form.request("Content-Length", bytes(contentLength)));
	}

	@Property
	void hostilePathsAreRejected(@ForAll("targets") String target) throws Exception {
		rejections.assertRejected("paths",
				RawHttp.Request.line("POST " + target + " HTTP/1.1")
					.header("Content-Type", "application/json")
					.header("X-API-Key", RunningIngress.API_KEY)
					.body(HostileJson.unpublishable()));
	}

	@Property
	void hostileRequestLinesAreRejected(@ForAll("requestLines") String requestLine) throws Exception {
		// RFC 9110: a version Tomcat cannot read as 1.x, such as HTTP/1, is a 505
		// (15.6.6); CONNECT, a method it does not implement, a 501 (15.6.2).
		rejections.assertRejected("request lines",
				RawHttp.Request.line(requestLine)
					.header("Content-Type", "application/json")
					.header("X-API-Key", RunningIngress.API_KEY)
					.body(HostileJson.unpublishable()),
				501, 505);
	}

	@Property
	void unsupportedHttpVersionsAreRejected(@ForAll("unsupportedVersions") String version) throws Exception {
		// RFC 9110 gives a version the server does not support 505, not a 4xx; Tomcat
		// also answers HTTP/1.2 so, although RFC 9112 would have it read as 1.1.
		rejections.assertRejected("unsupported HTTP versions",
				RawHttp.Request.line("POST /send " + version)
					.header("Content-Type", "application/json")
					.header("X-API-Key", RunningIngress.API_KEY)
					.body(HostileJson.unpublishable()),
				505);
	}

	@Provide
	Arbitrary<String> unsupportedVersions() {
		return Arbitraries.oneOf(Arbitraries.of("HTTP/1.2", "HTTP/2.0", "HTTP/3.0", "HTTP/9.9", "HTTP/0.0"),
				Combinators.combine(Arbitraries.integers().between(2, 9), Arbitraries.integers().between(0, 9))
					.as((major, minor) -> "HTTP/" + major + "." + minor));
	}

	@Provide
	Arbitrary<String> headerNames() {
		return Arbitraries.of(HEADER_NAMES);
	}

	@Provide
	Arbitrary<byte[]> hostileValues() {
		Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
		Arbitrary<byte[]> printable = Arbitraries.strings()
			.ascii()
			.ofMaxLength(200)
			.map(HostileHeaderPropertyTests::bytes);
		Arbitrary<byte[]> fixed = Arbitraries.of("", " ", "\t", "\u0000", "a\u0000b", "\u0007", "\u001b[31m", "\u007f",
				"x\nX-API-Key: " + RunningIngress.API_KEY, "x\rX-Evil: 1", "x\r\nX-API-Key: " + RunningIngress.API_KEY,
				"x\r\n\r\nPOST /send HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}", "x\r\n continued", "%", "%zz", "%00",
				"%C0%80", "%ff%fe", "%25", "%%%", "é€😀", "-1", "99999999999999999999", "1e3", "0x10", "\"", ",,,",
				";;;", "a=b; c", "1.0, 1.0", "null", "{}", "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/a}",
				"../../etc/passwd", "Bearer ", "Bearer \u0000", "Basic Og==", "respond-async, respond-async",
				"00-00000000000000000000000000000000-0000000000000000-00", "100-continue")
			.map(HostileHeaderPropertyTests::bytes);
		Arbitrary<byte[]> latin1 = Arbitraries.strings()
			.withCharRange('\u0080', '\u00ff')
			.ofMinLength(1)
			.ofMaxLength(50)
			.map((text) -> text.getBytes(StandardCharsets.ISO_8859_1));
		Arbitrary<byte[]> huge = Arbitraries.integers()
			.between(4_000, 70_000)
			.map((length) -> bytes("a".repeat(length)));
		return Arbitraries.oneOf(random, printable, fixed, fixed, latin1, huge);
	}

	@Provide
	Arbitrary<String> ceAttributes() {
		return Arbitraries.of("ce-id", "ce-source", "ce-subject", "ce-x");
	}

	// Percent-encoded NUL, or bytes that are no UTF-8: overlong forms, encoded
	// surrogates, bytes no UTF-8 holds, sequences cut short, code points past U+10FFFF.
	@Provide
	Arbitrary<String> uncarriableEncodings() {
		Arbitrary<String> uncarriable = Arbitraries.of("%00", "%C0%80", "%C1%BF", "%E0%80%80", "%ED%A0%80", "%ED%BF%BF",
				"%FF", "%FE", "%80", "%C3", "%E2%82", "%F0%9F%98", "%F4%90%80%80", "%F8%88%80%80%80");
		Arbitrary<String> around = Arbitraries.strings().alpha().numeric().ofMaxLength(5);
		return Combinators.combine(around, uncarriable, around).as((before, bad, after) -> before + bad + after);
	}

	@Provide
	Arbitrary<byte[]> hostileNames() {
		Arbitrary<byte[]> fixed = Arbitraries
			.of("", " ", "X API Key", "X-API-Key ", " X-API-Key", "X-API-Key\u0000", "Content-Type\t", "a:b", "(", "@",
					"é", "X-\r\nX-API-Key", "\u0000", "ce-\u00e9", "ce-" + "a".repeat(30), "ce-DATA", "ce-SpecVersion")
			.map(HostileHeaderPropertyTests::bytes);
		Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40);
		Arbitrary<byte[]> huge = Arbitraries.integers()
			.between(4_000, 70_000)
			.map((length) -> bytes("a".repeat(length)));
		return Arbitraries.oneOf(fixed, fixed, random, huge);
	}

	@Provide
	Arbitrary<String> contentTypes() {
		Arbitrary<String> fixed = Arbitraries.of("", "text/plain", "application/xml", "*/*", "application/*",
				"application", "/", "application/json/", "application/json;", "application/json;;;",
				"application/json; charset", "application/json; charset=", "application/json; charset=nope",
				"application/json; charset=\"", "application/json, text/html", "multipart/form-data; boundary=x",
				"application/x-www-form-urlencoded", "application/cloudevents-batch+json", "application/problem+json",
				"application/jsonx", "json", "application/json; a=" + "b".repeat(5000), "APPLICATION/JSON\u0000",
				"application/json\r\nX-Evil: 1", "application/cloudevents+json; charset=utf-16");
		Arbitrary<String> random = Arbitraries.strings().ascii().ofMaxLength(80);
		Arbitrary<String> params = Arbitraries.strings()
			.ascii()
			.ofMaxLength(40)
			.map((parameter) -> "application/json; " + parameter);
		return Arbitraries.oneOf(fixed, random, params);
	}

	@Provide
	Arbitrary<String> contentLengths() {
		Arbitrary<String> fixed = Arbitraries.of("", "-1", "abc", "0x10", "+5", " 5", "1, 2", "1.5", "1e3",
				"99999999999999999999", "9223372036854775807", "9223372036854775808", "2147483648",
				"00000000000000000001", "1\u0000");
		// Bigger than the body: the ingress waits for bytes that never come.
		Arbitrary<String> tooLong = Arbitraries.integers().between(60, 1_048_576).map(String::valueOf);
		return Arbitraries.oneOf(fixed, tooLong);
	}

	@Provide
	Arbitrary<String> targets() {
		Arbitrary<String> fixed = Arbitraries.of("/", "/send/", "/SEND", "/send/../send", "/send/./", "//send",
				"/send;jsessionid=1", "/send;a=b/batch", "/send%00", "/send%2Fbatch", "/send/%2e%2e/send",
				"/%2e%2e/send", "/send/batch/..%2f..%2fsend", "/send%20", "/send%", "/send%zz", "/%ff%fe", "/send?%zz",
				"/send?async=maybe", "/send?async=true&async=false", "/send?async", "/send?" + "a".repeat(6000),
				"/" + "a".repeat(7000), "/send#fragment", "/actuator/../send", "/actuator/health/..;/../send",
				"/actuator/health/%2e%2e/env", "/actuator/env", "/actuator/heapdump", "/actuator/health/../../send",
				"/schemas/../send", "/openapi.yaml/../send", "/schemas/..%2f..%2fsend", "/send\\batch", "/send/batch/",
				"/send//batch", "/send/batch;x", "/send.json", "/send/*", "*", "http://127.0.0.1/send",
				"http://evil.example/send", "/send?async=%00", "/%0d%0aX-Evil:%201", "/send/%c0%ae%c0%ae/",
				"/send/\u00e9");
		Arbitrary<String> segments = Arbitraries.strings()
			.withChars("abc/.;%:@!$&'()*+,=~-_0123456789ABCDEFef%%%")
			.ofMaxLength(30)
			.map((suffix) -> "/send" + suffix);
		return Arbitraries.oneOf(fixed, fixed, segments);
	}

	// Not "POST /send" without a version: that is HTTP/0.9, whose answer has no status
	// line (Tomcat sends the 400 problem document bare). Not HEAD: its answers have no
	// body.
	@Provide
	Arbitrary<String> requestLines() {
		return Arbitraries.of("POST /send HTTP/1.0 extra", "POST  /send HTTP/1.1", "POST /send  HTTP/1.1",
				"POST /send HTTP/1", "POST /send http/1.1", "POST /send HTTPS/1.1", "post /send HTTP/1.1",
				"P0ST /send HTTP/1.1", "GET /send HTTP/1.1", "PUT /send HTTP/1.1", "DELETE /send HTTP/1.1",
				"PATCH /send HTTP/1.1", "TRACE /send HTTP/1.1", "CONNECT /send HTTP/1.1",
				"CONNECT 127.0.0.1:1 HTTP/1.1", "FOO /send HTTP/1.1", "POST\t/send\tHTTP/1.1",
				"POST /send\u0000 HTTP/1.1", "POST /se nd HTTP/1.1", "\u00e9 /send HTTP/1.1",
				"POST " + "/a".repeat(5000) + " HTTP/1.1", "POST /send HTTP/1.1\rX: y");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The forms of an event a request can carry, each of them never publishable.
	 */
	enum Form {

		/** The envelope on {@code /send}. */
		ENVELOPE,

		/**
		 * CloudEvents binary mode on {@code /send}: attributes in {@code ce-} headers.
		 */
		BINARY,

		/** A batch of one on {@code /send/batch}. */
		BATCH;

		private static final List<String> BINARY_HEADERS = List.of("ce-specversion", "ce-id", "ce-source", "ce-type");

		RawHttp.Request request() {
			return request(null, null);
		}

		/**
		 * A request of this form with one header set to the given value, in place of the
		 * form's own header of that name if it has one.
		 */
		RawHttp.Request request(String name, byte[] value) {
			RawHttp.Request request = RawHttp.Request.post((this == BATCH) ? "/send/batch" : "/send");
			if (!"Content-Type".equalsIgnoreCase(name)) {
				request.header("Content-Type", "application/json");
			}
			if (!"X-API-Key".equalsIgnoreCase(name)) {
				request.header("X-API-Key", RunningIngress.API_KEY);
			}
			if (this == BINARY) {
				List<String> values = List.of("1.0", "hostile-1", "/hostile", "order.cancelled");
				for (int i = 0; i < BINARY_HEADERS.size(); i++) {
					if (!BINARY_HEADERS.get(i).equalsIgnoreCase(name)) {
						request.header(BINARY_HEADERS.get(i), values.get(i));
					}
				}
			}
			if (name != null) {
				ByteArrayOutputStream line = new ByteArrayOutputStream();
				line.writeBytes(bytes(name + ": "));
				line.writeBytes(value);
				request.headerLine(line.toByteArray());
			}
			return request.body(switch (this) {
				case ENVELOPE -> HostileJson.unpublishable();
				case BINARY -> "{\"orderId\": \"o-1\"}";
				case BATCH -> "{\"events\": [" + HostileJson.unpublishable() + "]}";
			});
		}

	}

}
