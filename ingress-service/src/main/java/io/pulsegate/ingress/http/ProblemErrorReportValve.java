package io.pulsegate.ingress.http;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Answers the requests Tomcat turns away itself, before Spring sees them (a malformed
 * request line, a header that breaks RFC 9112, an invalid {@code Content-Length}, a
 * {@code %00} in the path), with an RFC 9457 problem document like every other error of
 * the API, instead of Tomcat's HTML page. It says nothing about the request: it may not
 * even be HTTP.
 */
class ProblemErrorReportValve extends ErrorReportValve {

	private final JsonMapper jsonMapper;

	ProblemErrorReportValve(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		// As Tomcat's own report: only for errors nothing has written a body for yet.
		if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(this.jsonMapper.writeValueAsString(problem(response.getStatus())));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response cannot take a body: nothing to tell.
		}
	}

	private static ProblemDetail problem(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setTitle((known != null) ? known.getReasonPhrase() : "Error");
		if (status == HttpStatus.BAD_REQUEST.value()) {
			problem.setDetail("The request is not valid HTTP/1.1, or its request line, a header or its path breaks "
					+ "the rules of RFC 9110 and RFC 9112.");
		}
		return problem;
	}

}
