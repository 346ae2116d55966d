package io.pulsegate.ingress.send;

import java.net.URI;
import java.util.Comparator;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
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

	static final URI INVALID_EVENT = URI.create("urn:pulsegate:problem:invalid-event");

	static final URI BROKER_UNAVAILABLE = URI.create("urn:pulsegate:problem:broker-unavailable");

	private static final Log logger = LogFactory.getLog(SendExceptionHandler.class);

	private final long retryAfterSeconds;

	SendExceptionHandler(IngressProperties properties) {
		this.retryAfterSeconds = Math.max(1, properties.retryAfter().toSeconds());
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Violation> violations = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> Violation.atPropertyPath(error.getField(), error.getDefaultMessage()))
			.sorted(Comparator.comparing(Violation::pointer))
			.toList();
		return invalidEvent(violations);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return invalidEvent(List.of(unreadable(ex)));
	}

	@ExceptionHandler
	ResponseEntity<Object> unknownEventType(UnknownEventTypeException ex) {
		return invalidEvent(List.of(new Violation("/type", "is not a known event type: '" + ex.type() + "'")));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> brokerUnavailable(BrokerUnavailableException ex) {
		logger.warn(ex.getMessage() + ": " + ex.getCause());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The event was not published because the broker is unavailable; retry later.");
		problem.setType(BROKER_UNAVAILABLE);
		problem.setTitle("Broker unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds))
			.body(problem);
	}

	private static ResponseEntity<Object> invalidEvent(List<Violation> violations) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, (violations.size() == 1)
				? "The event has 1 problem." : "The event has " + violations.size() + " problems.");
		problem.setType(INVALID_EVENT);
		problem.setTitle("Invalid event");
		problem.setProperty("errors", violations);
		return ResponseEntity.badRequest().body(problem);
	}

	private static Violation unreadable(HttpMessageNotReadableException ex) {
		if (!(ex.getCause() instanceof JacksonException jackson)) {
			return new Violation("", "a JSON body is required");
		}
		if (jackson instanceof StreamReadException && !(jackson instanceof MismatchedInputException)) {
			return new Violation("", "is not well-formed JSON: " + jackson.getOriginalMessage());
		}
		String pointer = pointer(jackson.getPath());
		if (jackson instanceof UnrecognizedPropertyException) {
			return new Violation(pointer, "is not a known field");
		}
		if (jackson instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
				&& JsonNode.class.isAssignableFrom(mismatch.getTargetType())) {
			return new Violation(pointer, "must be a JSON object");
		}
		return new Violation(pointer, "has an invalid value or type");
	}

	private static String pointer(List<JacksonException.Reference> path) {
		StringBuilder pointer = new StringBuilder();
		for (JacksonException.Reference reference : path) {
			pointer.append('/')
				.append((reference.getPropertyName() != null) ? Violation.escape(reference.getPropertyName())
						: Integer.toString(reference.getIndex()));
		}
		return pointer.toString();
	}

}
