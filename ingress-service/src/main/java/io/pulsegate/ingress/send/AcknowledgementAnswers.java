package io.pulsegate.ingress.send;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.stereotype.Component;

/**
 * Writes the answer to {@code POST /send} straight into the response once the broker has
 * acknowledged the event or refused it. A {@code CompletableFuture} returned to Spring
 * MVC would do the same, but through a second dispatch of the request (filters, Spring
 * Security, handler lookup, content negotiation) that took a third of the ingress's CPU
 * time per event; here the answer is written once, with its {@code Content-Length}, by
 * the thread that completes the publish, or by the request's own thread if the publish
 * completes before its dispatch has returned ({@link DispatchHandoff}).
 */
@Component
class AcknowledgementAnswers {

	private static final Log logger = LogFactory.getLog(AcknowledgementAnswers.class);

	private final JsonMapper jsonMapper;

	private final SendExceptionHandler problems;

	private final long timeoutMillis;

	AcknowledgementAnswers(JsonMapper jsonMapper, SendExceptionHandler problems, IngressProperties properties) {
		// As Spring MVC writes problems: their properties as members, no null members.
		this.jsonMapper = jsonMapper.rebuild().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();
		this.problems = problems;
		// The publish gives up after the publish timeout; this only guards against an
		// answer that never comes.
		this.timeoutMillis = properties.publishTimeout().plus(Duration.ofSeconds(5)).toMillis();
	}

	/**
	 * Answers the request with the response once it is known: at once when it already is,
	 * otherwise asynchronously, without holding the request's thread.
	 * @param request the request
	 * @param response its response
	 * @param answer the response to write, or the failure to answer with a problem
	 * @throws IOException when the answer known at once cannot be written
	 */
	void answer(HttpServletRequest request, HttpServletResponse response,
			CompletableFuture<ResponseEntity<Object>> answer) throws IOException {
		if (answer.isDone()) {
			write(request, response, answer);
			return;
		}
		AsyncContext async = request.startAsync(request, response);
		async.setTimeout(this.timeoutMillis);
		PendingAnswer pending = new PendingAnswer(request, response, async, DispatchHandoff.of(request));
		async.addListener(pending);
		answer.whenComplete((entity, failure) -> pending.answerWith(answer));
	}

	private void write(HttpServletRequest request, HttpServletResponse response,
			CompletableFuture<ResponseEntity<Object>> answer) throws IOException {
		ResponseEntity<?> entity;
		try {
			entity = answer.join();
		}
		catch (CompletionException ex) {
			entity = this.problems.answerFor(ex.getCause());
		}
		write(request, response, entity);
	}

	private void write(HttpServletRequest request, HttpServletResponse response, ResponseEntity<?> entity)
			throws IOException {
		response.setStatus(entity.getStatusCode().value());
		entity.getHeaders().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		Object body = entity.getBody();
		if (body instanceof ProblemDetail problem && problem.getInstance() == null) {
			problem.setInstance(URI.create(request.getRequestURI()));
		}
		if (entity.getHeaders().getContentType() == null) {
			response.setContentType((body instanceof ProblemDetail) ? MediaType.APPLICATION_PROBLEM_JSON_VALUE
					: MediaType.APPLICATION_JSON_VALUE);
		}
		byte[] bytes = this.jsonMapper.writeValueAsBytes(body);
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

	/**
	 * An answer still to come, written once: by whichever comes first of the publish's
	 * outcome and the guard timeout; or never, if the connection failed first. Once
	 * answered, the request is not touched again: the container may have recycled it.
	 */
	private final class PendingAnswer implements AsyncListener {

		private final HttpServletRequest request;

		private final HttpServletResponse response;

		private final AsyncContext async;

		private final DispatchHandoff handoff;

		private final AtomicBoolean answered = new AtomicBoolean();

		private PendingAnswer(HttpServletRequest request, HttpServletResponse response, AsyncContext async,
				DispatchHandoff handoff) {
			this.request = request;
			this.response = response;
			this.async = async;
			this.handoff = handoff;
		}

		void answerWith(CompletableFuture<ResponseEntity<Object>> answer) {
			this.handoff.answer(() -> {
				if (this.answered.compareAndSet(false, true)) {
					try {
						write(this.request, this.response, answer);
					}
					// The client went away.
					catch (IOException ex) {
						logger.debug("The answer to " + this.request.getRequestURI() + " could not be written", ex);
					}
					// The status may be out without its body: this must not pass unseen.
					catch (RuntimeException ex) {
						logger.warn("The answer to " + this.request.getRequestURI() + " could not be written", ex);
					}
					finally {
						this.async.complete();
					}
				}
			});
		}

		@Override
		public void onTimeout(AsyncEvent event) throws IOException {
			if (this.answered.compareAndSet(false, true)) {
				try {
					write(this.request, this.response,
							AcknowledgementAnswers.this.problems.answerFor(new BrokerUnavailableException(
									"No answer to " + this.request.getRequestURI() + " in time", null)));
				}
				finally {
					this.async.complete();
				}
			}
		}

		@Override
		public void onError(AsyncEvent event) {
			// The connection failed: nobody is left to answer.
			if (this.answered.compareAndSet(false, true)) {
				this.async.complete();
			}
		}

		@Override
		public void onComplete(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

}
