package io.pulsegate.ingress.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

import io.pulsegate.testsupport.Outcomes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile bodies against the running ingress, on {@code POST /send} and inside a batch on
 * {@code POST /send/batch}: random bytes, malformed JSON, wrong types, deep nesting, huge
 * strings and numbers, invalid UTF-8, duplicate keys, hostile times and oversized bodies
 * and batches. Each must get a 4xx problem document, quickly, publish nothing and leave
 * the ingress healthy. How many tries each property makes is {@code jqwik.tries.default}
 * ({@code src/test/resources/junit-platform.properties}; {@code -Djqwik.tries.default=N}
 * for more).
 */
class HostileBodyPropertyTests {

	private static final byte[] MEGABYTE_OF_SPACES = " ".repeat(1024 * 1024).getBytes(StandardCharsets.US_ASCII);

	private static RunningIngress ingress;

	private static Outcomes outcomes;

	private static Rejections rejections;

	@BeforeContainer
	static void startIngress() {
		ingress = RunningIngress.start();
		outcomes = new Outcomes("Hostile bodies against the running ingress (outcomes: status and content type)",
				Rejections::isProblem);
		rejections = new Rejections(ingress, outcomes);
	}

	@AfterContainer
	static void stopIngress() throws IOException {
		outcomes.print();
		ingress.close();
	}

	@Property
	void randomBytesAreRejected(@ForAll @Size(max = 4096) byte[] body, @ForAll Endpoint endpoint) throws Exception {
		rejections.assertRejected("random bytes", endpoint.request(body));
	}

	@Property
	void malformedJsonIsRejected(@ForAll("malformed") String body, @ForAll Endpoint endpoint) throws Exception {
		rejections.assertRejected("malformed JSON", endpoint.request(body));
	}

	@Property
	void wrongTypesAreRejected(@ForAll("wrongTypes") String body, @ForAll Endpoint endpoint) throws Exception {
		rejections.assertRejected("wrong types", endpoint.request(body));
	}

	@Property
	void deepNestingIsRejected(@ForAll("deeplyNested") String body, @ForAll Endpoint endpoint) throws Exception {
		rejections.assertRejected("deep nesting", endpoint.request(body));
	}

	@Property
	void hugeStringsAreRejected(@ForAll("hugeStrings") String body, @ForAll Endpoint endpoint) throws Exception {
		rejections.assertRejected("huge strings", endpoint.request(body));
	}

	@Property
	void hugeNumbersAreRejected(@ForAll("hugeNumbers") String body, @ForAll Endpoint endpoint) throws Exception {
		rejections.assertRejected("huge numbers", endpoint.request(body));
	}

	@Property
	void invalidUtf8IsRejected(@ForAll("invalidUtf8") byte[] body, @ForAll Endpoint endpoint) throws Exception {
		rejections.assertRejected("invalid UTF-8", endpoint.request(body));
	}

	@Property
	void textNoUtf8CanCarryIsRejected(@ForAll("unencodableText") String body, @ForAll Endpoint endpoint)
			throws Exception {
		rejections.assertRejected("NUL and lone surrogates", endpoint.request(body));
	}

	@Property
	void blankIdsAndSourcesAreRejected(@ForAll("blankIdsAndSources") String body, @ForAll Endpoint endpoint)
			throws Exception {
		rejections.assertRejected("blank ids and sources", endpoint.request(body));
	}

	@Property
	void duplicateKeysAreRejected(@ForAll("duplicateKeys") String body, @ForAll Endpoint endpoint) throws Exception {
		rejections.assertRejected("duplicate keys", endpoint.request(body));
	}

	@Property
	void hostileTimesAndDelaysAreRejected(@ForAll("hostileTimes") String body, @ForAll Endpoint endpoint)
			throws Exception {
		rejections.assertRejected("hostile times and delays", endpoint.request(body));
	}

	@Property
	void oversizedBodiesAreRejected(@ForAll("validEnvelopes") String event,
			@ForAll @IntRange(min = 1, max = 256 * 1024) int extra, @ForAll boolean chunked, @ForAll Endpoint endpoint)
			throws Exception {
		// A valid event padded with whitespace past the 1 MB limit: only its size is
		// wrong.
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(endpoint.wrap(event).getBytes(StandardCharsets.UTF_8));
		for (int padding = 1024 * 1024 - body.size() + extra; padding > 0; padding -= MEGABYTE_OF_SPACES.length) {
			body.write(MEGABYTE_OF_SPACES, 0, Math.min(padding, MEGABYTE_OF_SPACES.length));
		}
		RawHttp.Request request = endpoint.bare(body.toByteArray());
		rejections.assertRejected("oversized bodies", chunked ? request.chunked() : request);
	}

	@Property
	void oversizedBatchesAreRejected(@ForAll("validEnvelopes") String event,
			@ForAll @IntRange(min = 501, max = 1000) int size) throws Exception {
		// Valid events, one too many of them or more: nothing of it is published.
		String batch = "{\"events\": [" + String.join(",", Collections.nCopies(size, event)) + "]}";
		rejections.assertRejected("oversized batches", Endpoint.BATCH.bare(batch.getBytes(StandardCharsets.UTF_8)));
	}

	@Provide
	Arbitrary<String> validEnvelopes() {
		return HostileJson.validEnvelopes();
	}

	@Provide
	Arbitrary<String> malformed() {
		return HostileJson.malformed();
	}

	@Provide
	Arbitrary<String> wrongTypes() {
		return HostileJson.wrongTypes();
	}

	@Provide
	Arbitrary<String> deeplyNested() {
		return HostileJson.deeplyNested();
	}

	@Provide
	Arbitrary<String> hugeStrings() {
		return HostileJson.hugeStrings();
	}

	@Provide
	Arbitrary<String> hugeNumbers() {
		return HostileJson.hugeNumbers();
	}

	@Provide
	Arbitrary<byte[]> invalidUtf8() {
		return HostileJson.invalidUtf8();
	}

	@Provide
	Arbitrary<String> unencodableText() {
		return HostileJson.unencodableText();
	}

	@Provide
	Arbitrary<String> blankIdsAndSources() {
		return HostileJson.blankIdsAndSources();
	}

	@Provide
	Arbitrary<String> duplicateKeys() {
		return HostileJson.duplicateKeys();
	}

	@Provide
	Arbitrary<String> hostileTimes() {
		return HostileJson.hostileTimes();
	}

	/**
	 * Where a hostile body goes: alone to {@code /send}, or as the only event of a batch.
	 */
	enum Endpoint {

		SEND, BATCH;

		RawHttp.Request request(String body) {
			return request(body.getBytes(StandardCharsets.UTF_8));
		}

		RawHttp.Request request(byte[] body) {
			if (this == SEND) {
				return bare(body);
			}
			ByteArrayOutputStream batch = new ByteArrayOutputStream(body.length + 16);
			batch.writeBytes("{\"events\": [".getBytes(StandardCharsets.US_ASCII));
			batch.writeBytes(body);
			batch.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
			return bare(batch.toByteArray());
		}

		String wrap(String event) {
			return (this == SEND) ? event : "{\"events\": [" + event + "]}";
		}

		RawHttp.Request bare(byte[] body) {
			return RawHttp.Request.post((this == SEND) ? "/send" : "/send/batch")
				.header("Content-Type", "application/json")
				.header("X-API-Key", RunningIngress.API_KEY)
				.body(body);
		}

	}

}
