package io.pulsegate.ingress.http;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the error dispatches of requests that never reached a controller, such as those
 * whose body Tomcat could not read (shorter than its {@code Content-Length}, invalid
 * percent-encoding in the query), with an RFC 9457 problem document in place of Spring
 * Boot's own error JSON. It says nothing about the request.
 */
@RestController
class ProblemErrorController implements ErrorController {

	// Whatever the Accept header says: the request failed already, and that header may
	// hold what the firewall rejects when it is read.
	@RequestMapping("${server.error.path:${error.path:/error}}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value && HttpStatus.resolve(value) != null)
				? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setTitle(status.getReasonPhrase());
		if (status == HttpStatus.BAD_REQUEST) {
			problem.setDetail("The request was rejected before it reached the API: a header, the path, the query "
					+ "or the length of the body is not acceptable.");
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
