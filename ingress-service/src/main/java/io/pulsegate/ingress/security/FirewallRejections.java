package io.pulsegate.ingress.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers the requests Spring Security's firewall rejects (a control character in a
 * header value, {@code ;} or an encoded slash in the path) with a 400 problem document,
 * written here. The default handler sends an error instead, and the error dispatch that
 * follows reads the rejected header again for content negotiation: an {@code Accept} with
 * a control character then ended in a bare 400. The answer says nothing about the
 * request, whose parts cannot be trusted.
 */
final class FirewallRejections implements RequestRejectedHandler {

	private final JsonMapper jsonMapper;

	FirewallRejections(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request was rejected before it reached the API: a header or the path is not acceptable.");
		problem.setTitle(HttpStatus.BAD_REQUEST.getReasonPhrase());
		response.resetBuffer();
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), problem);
	}

}
