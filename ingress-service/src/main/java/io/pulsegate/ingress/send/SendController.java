package io.pulsegate.ingress.send;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.ingress.idempotency.IdempotentRequests;
import io.pulsegate.ingress.idempotency.IdempotentRequests.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /send}: one event, in any of three forms, answered once the broker has
 * acknowledged it. A retry with the same {@code Idempotency-Key}, or of an event with the
 * same client-given id, gets the first answer again and publishes nothing. With
 * {@code ?async=true} or {@code Prefer: respond-async} the answer comes as soon as the
 * event is queued for the broker. The answer is written by
 * {@link AcknowledgementAnswers}, not returned to Spring MVC.
 */
@RestController
class SendController {

	private static final Log logger = LogFactory.getLog(SendController.class);

	private static final String CONTENT_LENGTH = HttpHeaders.CONTENT_LENGTH;

	private static final String PREFER = "Prefer";

	private static final MediaType STRUCTURED = MediaType.parseMediaType(CloudEvents.STRUCTURED_MEDIA_TYPE);

	private final BodyReader bodyReader;

	private final EventIntake intake;

	private final EventPublisher publisher;

	private final Callers callers;

	private final IdempotentRequests idempotentRequests;

	private final AcknowledgementAnswers answers;

	private final Counter asyncFailures;

	SendController(BodyReader bodyReader, EventIntake intake, EventPublisher publisher, Callers callers,
			IdempotentRequests idempotentRequests, AcknowledgementAnswers answers, MeterRegistry meters) {
		this.bodyReader = bodyReader;
		this.intake = intake;
		this.publisher = publisher;
		this.callers = callers;
		this.idempotentRequests = idempotentRequests;
		this.answers = answers;
		this.asyncFailures = Counter.builder("pulsegate.ingress.async.failures")
			.description("Events answered asynchronously that the broker then did not acknowledge")
			.register(meters);
	}

	/**
	 * The plain envelope ({@code {"type", "data", "id", "source", "time", "key",
	 * "headers"}}) as {@code application/json}, or a CloudEvent in structured mode as
	 * {@code application/cloudevents+json}.
	 */
	@PostMapping(path = "/send", consumes = { MediaType.APPLICATION_JSON_VALUE, CloudEvents.STRUCTURED_MEDIA_TYPE },
			headers = "!ce-specversion", produces = MediaType.APPLICATION_JSON_VALUE)
	void send(InputStream body, @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
			@RequestHeader(name = CONTENT_LENGTH, defaultValue = "-1") long contentLength,
			@RequestHeader(name = IdempotentRequests.HEADER, required = false) @Nullable String idempotencyKey,
			@RequestHeader(name = PREFER, required = false) @Nullable String prefer,
			@RequestParam(name = "async", defaultValue = "false") boolean async, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		String tenant = this.callers.admit(1);
		byte[] bytes = this.bodyReader.read(body, contentLength);
		OutgoingEvent event = STRUCTURED.isCompatibleWith(contentType) ? this.intake.acceptStructured(tenant, bytes)
				: this.intake.acceptEnvelope(tenant, bytes);
		this.answers.answer(request, response,
				publishOnce(tenant, idempotencyKey, bytes, event, async || respondAsync(prefer)));
	}

	/**
	 * CloudEvents binary mode: attributes in {@code ce-} headers, the data as the body.
	 */
	@PostMapping(path = "/send", consumes = MediaType.APPLICATION_JSON_VALUE, headers = "ce-specversion",
			produces = MediaType.APPLICATION_JSON_VALUE)
	void sendBinary(InputStream body, @RequestHeader HttpHeaders headers,
			@RequestParam(name = "async", defaultValue = "false") boolean async, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		String tenant = this.callers.admit(1);
		byte[] bytes = this.bodyReader.read(body, headers.getContentLength());
		this.answers.answer(request, response, publishOnce(tenant, headers.getFirst(IdempotentRequests.HEADER), bytes,
				this.intake.acceptBinary(tenant, headers, bytes), async || respondAsync(headers.getFirst(PREFER))));
	}

	private CompletableFuture<ResponseEntity<Object>> publishOnce(String tenant, @Nullable String idempotencyKey,
			byte[] body, OutgoingEvent event, boolean async) {
		if (idempotencyKey == null) {
			String key = (event.clientId() != null) ? "event:" + event.clientId() : null;
			return this.idempotentRequests.run(tenant, key, body, () -> publish(event, async));
		}
		OutgoingEvent identified = event
			.identifiedBy(RequestEventIds.of(tenant, IdempotencyKeys.require(idempotencyKey), body), 0);
		// Apart from the keys of events named by their id: "event:x" is a key a client
		// may choose.
		return this.idempotentRequests.run(tenant, "key:" + idempotencyKey, body, () -> publish(identified, async));
	}

	private Outcome publish(OutgoingEvent event, boolean async) {
		CompletableFuture<PublishedEvent> acknowledged = this.publisher.publish(event);
		CompletableFuture<ResponseEntity<Object>> answered = acknowledged
			.thenApply((published) -> ResponseEntity.accepted().body(published));
		// A publish refused at once (bulkhead, open circuit) is answered as such, even
		// async.
		if (!async || acknowledged.isDone()) {
			return Outcome.of(answered);
		}
		acknowledged.exceptionally((failure) -> {
			this.asyncFailures.increment();
			logger.warn("Event " + event.metadata().id() + " accepted asynchronously was not published: " + failure);
			return null;
		});
		return new Outcome(CompletableFuture.completedFuture(ResponseEntity.accepted()
			.header("Preference-Applied", "respond-async")
			.body(new QueuedEvent(event.metadata().id(), event.topic(), "queued"))), acknowledged);
	}

	private static boolean respondAsync(@Nullable String prefer) {
		return prefer != null && prefer.toLowerCase(Locale.ROOT).contains("respond-async");
	}

	/**
	 * The answer to an asynchronous send: the event is queued for the broker.
	 *
	 * @param id the event id
	 * @param topic its topic
	 * @param status always {@code queued}
	 */
	record QueuedEvent(String id, String topic, String status) {
	}

}
