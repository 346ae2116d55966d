package io.pulsegate.ingress.security;

import java.io.IOException;
import java.net.URI;

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

/**
 * Answers requests that security turns away with the same RFC 9457 problem documents as
 * the rest of the API: 401 without valid credentials, 403 for what the caller may not do.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	static final URI UNAUTHENTICATED = URI.create("urn:pulsegate:problem:unauthenticated");

	static final URI FORBIDDEN = URI.create("urn:pulsegate:problem:forbidden");

	private final JsonMapper jsonMapper;

	ProblemResponses(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		response.setHeader("WWW-Authenticate", "ApiKey header=\"X-API-Key\", Bearer");
		write(request, response, HttpStatus.UNAUTHORIZED, UNAUTHENTICATED, "Unauthenticated",
				"Valid credentials are required: an X-API-Key header or a bearer token.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		write(request, response, HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden",
				"These credentials do not allow this request.");
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, URI type,
			String title, String detail) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), problem);
	}

}
