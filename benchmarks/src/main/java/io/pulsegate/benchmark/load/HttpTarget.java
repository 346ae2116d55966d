package io.pulsegate.benchmark.load;

import java.net.URI;
import java.util.Map;

/**
 * An HTTP endpoint to drive: every request is a POST of a rendered body.
 *
 * @param name the path's name in the report
 * @param uri where to send
 * @param headers request headers besides Host and Content-Length
 * @param body renders each request's body
 * @param success tells a successful answer from a failed one
 * @param eventsPerRequest events each request carries
 */
public record HttpTarget(String name, URI uri, Map<String, String> headers, RequestBody body, Success success,
		int eventsPerRequest) {

	/**
	 * Whether an answer means that every event of its request was published.
	 */
	@FunctionalInterface
	public interface Success {

		boolean test(int status, String body);

		static Success status(int expected) {
			return (status, body) -> status == expected;
		}

	}

}
