package io.pulsegate.ingress.send;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /send}: one event, in any of three forms, answered once the broker has
 * acknowledged it.
 */
@RestController
class SendController {

	private static final String CONTENT_LENGTH = HttpHeaders.CONTENT_LENGTH;

	private final BodyReader bodyReader;

	private final EventIntake intake;

	private final EventPublisher publisher;

	private final Callers callers;

	SendController(BodyReader bodyReader, EventIntake intake, EventPublisher publisher, Callers callers) {
		this.bodyReader = bodyReader;
		this.intake = intake;
		this.publisher = publisher;
		this.callers = callers;
	}

	/**
	 * The plain envelope: {@code {"type", "data", "id", "source", "time", "key",
	 * "headers"}}.
	 */
	@PostMapping(path = "/send", consumes = MediaType.APPLICATION_JSON_VALUE, headers = "!ce-specversion",
			produces = MediaType.APPLICATION_JSON_VALUE)
	CompletableFuture<ResponseEntity<PublishedEvent>> send(InputStream body,
			@RequestHeader(name = CONTENT_LENGTH, defaultValue = "-1") long contentLength) throws IOException {
		String tenant = this.callers.admit(1);
		return publish(this.intake.acceptEnvelope(tenant, this.bodyReader.read(body, contentLength)));
	}

	/** CloudEvents structured mode: the whole CloudEvent is the JSON body. */
	@PostMapping(path = "/send", consumes = CloudEvents.STRUCTURED_MEDIA_TYPE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	CompletableFuture<ResponseEntity<PublishedEvent>> sendStructured(InputStream body,
			@RequestHeader(name = CONTENT_LENGTH, defaultValue = "-1") long contentLength) throws IOException {
		String tenant = this.callers.admit(1);
		return publish(this.intake.acceptStructured(tenant, this.bodyReader.read(body, contentLength)));
	}

	/**
	 * CloudEvents binary mode: attributes in {@code ce-} headers, the data as the body.
	 */
	@PostMapping(path = "/send", consumes = MediaType.APPLICATION_JSON_VALUE, headers = "ce-specversion",
			produces = MediaType.APPLICATION_JSON_VALUE)
	CompletableFuture<ResponseEntity<PublishedEvent>> sendBinary(InputStream body, @RequestHeader HttpHeaders headers)
			throws IOException {
		String tenant = this.callers.admit(1);
		return publish(
				this.intake.acceptBinary(tenant, headers, this.bodyReader.read(body, headers.getContentLength())));
	}

	private CompletableFuture<ResponseEntity<PublishedEvent>> publish(OutgoingEvent event) {
		return this.publisher.publish(event).thenApply((published) -> ResponseEntity.accepted().body(published));
	}

}
