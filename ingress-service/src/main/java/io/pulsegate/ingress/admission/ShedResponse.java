package io.pulsegate.ingress.admission;

import java.io.IOException;
import java.net.URI;

import io.micrometer.core.instrument.Counter;
import io.pulsegate.ingress.http.ProblemType;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * The answer to a request the ingress sheds: 429 with {@code Retry-After}, as an RFC 9457
 * problem of the same type as a full publish queue, so that clients handle both alike.
 * Not 503: Tomcat closes the connection of every 503, and a client that must connect
 * again for each retry costs an overloaded ingress more than the request it shed.
 */
final class ShedResponse {

	private final byte[] body;

	private final String retryAfterSeconds;

	private final Counter shed;

	/**
	 * The answer for one endpoint, written once: shedding must cost as little as it can.
	 * @param jsonMapper writes the problem
	 * @param path the endpoint's path, the problem's instance
	 * @param retryAfterSeconds what {@code Retry-After} advises
	 * @param shed counts shed requests
	 */
	ShedResponse(JsonMapper jsonMapper, String path, long retryAfterSeconds, Counter shed) {
		this.retryAfterSeconds = Long.toString(Math.max(1, retryAfterSeconds));
		this.shed = shed;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"The ingress is working on as many requests as it can answer in time; retry after "
						+ this.retryAfterSeconds + " s.");
		problem.setType(ProblemType.OVERLOADED.uri());
		problem.setTitle("Overloaded");
		problem.setInstance(URI.create(path));
		this.body = jsonMapper.writeValueAsBytes(problem);
	}

	void write(HttpServletResponse response) throws IOException {
		this.shed.increment();
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, this.retryAfterSeconds);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(this.body.length);
		response.getOutputStream().write(this.body);
	}

}
