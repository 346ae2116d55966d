package io.pulsegate.ingress.send;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

import io.pulsegate.ingress.idempotency.IdempotentRequests;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /send}: one event, in any of three forms, answered once the broker has
 * acknowledged it. A retry with the same {@code Idempotency-Key}, or of an event with the
 * same client-given id, gets the first answer again and publishes nothing.
 */
@RestController
class SendController {

	private static final String CONTENT_LENGTH = HttpHeaders.CONTENT_LENGTH;

	private final BodyReader bodyReader;

	private final EventIntake intake;

	private final EventPublisher publisher;

	private final Callers callers;

	private final IdempotentRequests idempotentRequests;

	SendController(BodyReader bodyReader, EventIntake intake, EventPublisher publisher, Callers callers,
			IdempotentRequests idempotentRequests) {
		this.bodyReader = bodyReader;
		this.intake = intake;
		this.publisher = publisher;
		this.callers = callers;
		this.idempotentRequests = idempotentRequests;
	}

	/**
	 * The plain envelope: {@code {"type", "data", "id", "source", "time", "key",
	 * "headers"}}.
	 */
	@PostMapping(path = "/send", consumes = MediaType.APPLICATION_JSON_VALUE, headers = "!ce-specversion",
			produces = MediaType.APPLICATION_JSON_VALUE)
	CompletableFuture<ResponseEntity<Object>> send(InputStream body,
			@RequestHeader(name = CONTENT_LENGTH, defaultValue = "-1") long contentLength,
			@RequestHeader(name = IdempotentRequests.HEADER, required = false) @Nullable String idempotencyKey)
			throws IOException {
		String tenant = this.callers.admit(1);
		byte[] bytes = this.bodyReader.read(body, contentLength);
		return publishOnce(tenant, idempotencyKey, bytes, this.intake.acceptEnvelope(tenant, bytes));
	}

	/** CloudEvents structured mode: the whole CloudEvent is the JSON body. */
	@PostMapping(path = "/send", consumes = CloudEvents.STRUCTURED_MEDIA_TYPE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	CompletableFuture<ResponseEntity<Object>> sendStructured(InputStream body,
			@RequestHeader(name = CONTENT_LENGTH, defaultValue = "-1") long contentLength,
			@RequestHeader(name = IdempotentRequests.HEADER, required = false) @Nullable String idempotencyKey)
			throws IOException {
		String tenant = this.callers.admit(1);
		byte[] bytes = this.bodyReader.read(body, contentLength);
		return publishOnce(tenant, idempotencyKey, bytes, this.intake.acceptStructured(tenant, bytes));
	}

	/**
	 * CloudEvents binary mode: attributes in {@code ce-} headers, the data as the body.
	 */
	@PostMapping(path = "/send", consumes = MediaType.APPLICATION_JSON_VALUE, headers = "ce-specversion",
			produces = MediaType.APPLICATION_JSON_VALUE)
	CompletableFuture<ResponseEntity<Object>> sendBinary(InputStream body, @RequestHeader HttpHeaders headers)
			throws IOException {
		String tenant = this.callers.admit(1);
		byte[] bytes = this.bodyReader.read(body, headers.getContentLength());
		return publishOnce(tenant, headers.getFirst(IdempotentRequests.HEADER), bytes,
				this.intake.acceptBinary(tenant, headers, bytes));
	}

	private CompletableFuture<ResponseEntity<Object>> publishOnce(String tenant, @Nullable String idempotencyKey,
			byte[] body, OutgoingEvent event) {
		String key = (idempotencyKey != null) ? IdempotencyKeys.require(idempotencyKey)
				: (event.clientId() != null) ? "event:" + event.clientId() : null;
		return this.idempotentRequests.run(tenant, key, body, () -> this.publisher.publish(event)
			.thenApply((published) -> ResponseEntity.accepted().body(published)));
	}

}
