package io.pulsegate.ingress.hostile;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

import io.pulsegate.testsupport.Outcomes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends hostile requests to the running ingress and holds it to what it owes each of
 * them: a 4xx answer as an RFC 9457 problem document, quickly, nothing published, and the
 * service still healthy after.
 */
final class Rejections {

	// Far above what any of these requests takes (a few milliseconds): a limit that only
	// work growing with the size of a number or the depth of nesting could reach.
	private static final Duration QUICKLY = Duration.ofSeconds(3);

	private final RunningIngress ingress;

	private final Outcomes outcomes;

	Rejections(RunningIngress ingress, Outcomes outcomes) {
		this.ingress = ingress;
		this.outcomes = outcomes;
	}

	/**
	 * Sends a request that must be turned away and checks that it was, properly.
	 * @param category what kind of hostile input it is, for the tally
	 * @param request the request
	 * @return the response
	 * @throws IOException if the ingress did not answer
	 */
	RawHttp.Response assertRejected(String category, RawHttp.Request request) throws IOException {
		return assertRejected(category, request, new int[0]);
	}

	/**
	 * Sends a request that must be turned away and checks that it was, properly, allowing
	 * statuses besides 4xx that the HTTP RFCs give to such a request.
	 * @param category what kind of hostile input it is, for the tally
	 * @param request the request
	 * @param protocolStatuses the statuses other than 4xx allowed
	 * @return the response
	 * @throws IOException if the ingress did not answer
	 */
	RawHttp.Response assertRejected(String category, RawHttp.Request request, int... protocolStatuses)
			throws IOException {
		long start = System.nanoTime();
		RawHttp.Response response = RawHttp.exchange(this.ingress.port(), request.toBytes());
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		String contentType = response.header("Content-Type").orElse("none");
		this.outcomes.record(category, response.status() + " " + kind(contentType), request);

		String what = "answer to " + request + "\n was " + response;
		assertThat(response.status()).as(what)
			.satisfiesAnyOf((status) -> assertThat(status).isBetween(400, 499),
					(status) -> assertThat(status).isIn(Arrays.stream(protocolStatuses).boxed().toList()));
		assertThat(contentType).as(what).startsWith("application/problem+json");
		JsonNode problem = JsonMapper.shared().readTree(response.body());
		assertThat(problem.path("status").asInt()).as(what).isEqualTo(response.status());
		assertThat(problem.path("title").asString()).as(what).isNotBlank();
		assertThat(took).as("time to answer " + request).isLessThan(QUICKLY);
		assertThat(this.ingress.newlyPublished()).as("published after " + request).isZero();
		assertThat(this.ingress.health().status()).as("health after " + request).isEqualTo(200);
		return response;
	}

	/**
	 * Whether an outcome is the one expected of most hostile requests.
	 * @param outcome a status and a kind of content
	 * @return whether it is a 4xx problem document
	 */
	static boolean isProblem(String outcome) {
		return outcome.matches("4\\d\\d problem\\+json");
	}

	private static String kind(String contentType) {
		if (contentType.startsWith("application/problem+json")) {
			return "problem+json";
		}
		return contentType.isEmpty() ? "none" : contentType.split(";")[0];
	}

}
