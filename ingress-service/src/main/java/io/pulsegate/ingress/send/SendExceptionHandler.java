package io.pulsegate.ingress.send;

import java.util.List;

import io.pulsegate.ingress.http.ProblemType;
import io.pulsegate.ingress.idempotency.IdempotencyStoreUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every rejected request into an RFC 9457 problem: invalid events list each
 * violation with a JSON pointer; an unavailable broker is a 503 with {@code Retry-After}.
 */
@RestControllerAdvice
class SendExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Log logger = LogFactory.getLog(SendExceptionHandler.class);

	private final long retryAfterSeconds;

	SendExceptionHandler(IngressProperties properties) {
		this.retryAfterSeconds = Math.max(1, properties.retryAfter().toSeconds());
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return invalidEvent(List.of(EventError.at("", "a JSON body is required")));
	}

	// A content type set here skips negotiation: the problem reaches even a client whose
	// Accept header nothing matches (406), or is no media type at all.
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		HttpHeaders problemHeaders = new HttpHeaders();
		problemHeaders.addAll(headers);
		if (body instanceof ProblemDetail) {
			problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		return super.createResponseEntity(body, problemHeaders, statusCode, request);
	}

	/**
	 * The answer to a send whose publish failed after the request was handed over: the
	 * same as these handlers give, for an answer written without Spring MVC.
	 * @param failure why the publish failed
	 * @return the problem to answer with
	 */
	ResponseEntity<?> answerFor(Throwable failure) {
		if (failure instanceof BrokerUnavailableException unavailable) {
			return brokerUnavailable(unavailable);
		}
		if (failure instanceof OverloadedException overloaded) {
			return overloaded(overloaded);
		}
		logger.error("Unexpected failure of a send", failure);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The event may not have been published; retry with the same Idempotency-Key.");
		problem.setTitle("Internal Server Error");
		return ResponseEntity.internalServerError().body(problem);
	}

	@ExceptionHandler
	ResponseEntity<Object> invalidEvent(InvalidEventException ex) {
		return invalidEvent(ex.errors());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> brokerUnavailable(BrokerUnavailableException ex) {
		logger.warn((ex.getCause() != null) ? ex.getMessage() + ": " + ex.getCause() : ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The event was not published because the broker is unavailable; retry later.");
		problem.setType(ProblemType.BROKER_UNAVAILABLE.uri());
		problem.setTitle("Broker unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds))
			.body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> idempotencyStoreUnavailable(IdempotencyStoreUnavailableException ex) {
		logger.warn((ex.getCause() != null) ? ex.getMessage() + ": " + ex.getCause() : ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Nothing was published: the store of idempotency keys is unavailable, so a retry could not be told "
						+ "from a new request. Retry later with the same Idempotency-Key.");
		problem.setType(ProblemType.IDEMPOTENCY_STORE_UNAVAILABLE.uri());
		problem.setTitle("Idempotency store unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds))
			.body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> forbidden(ForbiddenEventException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
		problem.setType(ProblemType.FORBIDDEN.uri());
		problem.setTitle("Forbidden");
		return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> rateLimited(RateLimitedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				ex.getMessage() + "; retry later.");
		problem.setType(ProblemType.RATE_LIMITED.uri());
		problem.setTitle("Too many requests");
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())))
			.body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> overloaded(OverloadedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Too many events are waiting for the broker; retry shortly.");
		problem.setType(ProblemType.OVERLOADED.uri());
		problem.setTitle("Overloaded");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
	}

	// Tomcat decodes the query string when a parameter is first read, and throws on what
	// it cannot decode (such as %zz). Left to the container, that was a servlet error
	// logged with its stack trace for every such request.
	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidQuery(InvalidParameterException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The query string cannot be decoded: parameters must be percent-encoded UTF-8.");
		problem.setType(ProblemType.INVALID_QUERY.uri());
		problem.setTitle("Invalid query");
		return ResponseEntity.badRequest().body(problem);
	}

	private static ResponseEntity<Object> invalidEvent(List<EventError> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				(errors.size() == 1) ? "The event has 1 problem." : "The event has " + errors.size() + " problems.");
		problem.setType(ProblemType.INVALID_EVENT.uri());
		problem.setTitle("Invalid event");
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

}
