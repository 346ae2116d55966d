package io.pulsegate.ingress.security;

import java.io.IOException;
import java.net.URI;

import io.pulsegate.ingress.http.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers requests that security turns away with the same RFC 9457 problem documents as
 * the rest of the API: 401 without valid credentials, 403 for what the caller may not do,
 * 400 for what the firewall rejects (a control character in a header value, {@code ;} or
 * an encoded slash in the path). The firewall's default handler sends an error instead,
 * and the error dispatch that follows reads the rejected header again for content
 * negotiation: an {@code Accept} with a control character then ended in a bare 400.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

	private final JsonMapper jsonMapper;

	ProblemResponses(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		response.setHeader("WWW-Authenticate", "ApiKey header=\"X-API-Key\", Bearer");
		write(request, response, HttpStatus.UNAUTHORIZED, ProblemType.UNAUTHENTICATED.uri(), "Unauthenticated",
				"Valid credentials are required: an X-API-Key header or a bearer token.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		write(request, response, HttpStatus.FORBIDDEN, ProblemType.FORBIDDEN.uri(), "Forbidden",
				"These credentials do not allow this request.");
	}

	// The answer says nothing of the request, whose parts cannot be trusted.
	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request was rejected before it reached the API: a header or the path is not acceptable.");
		problem.setTitle(HttpStatus.BAD_REQUEST.getReasonPhrase());
		write(response, problem);
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, URI type,
			String title, String detail) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		problem.setInstance(URI.create(request.getRequestURI()));
		write(response, problem);
	}

	private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), problem);
	}

}
