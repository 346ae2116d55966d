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
 * {@code POST /send}: one event, answered once the broker has acknowledged it.
 */
@RestController
class SendController {

	private final BodyReader bodyReader;

	private final EventIntake intake;

	private final EventPublisher publisher;

	SendController(BodyReader bodyReader, EventIntake intake, EventPublisher publisher) {
		this.bodyReader = bodyReader;
		this.intake = intake;
		this.publisher = publisher;
	}

	@PostMapping(path = "/send", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	CompletableFuture<ResponseEntity<PublishedEvent>> send(InputStream body,
			@RequestHeader(name = HttpHeaders.CONTENT_LENGTH, defaultValue = "-1") long contentLength)
			throws IOException {
		OutgoingEvent event = this.intake.accept(this.bodyReader.read(body, contentLength));
		return this.publisher.publish(event).thenApply((published) -> ResponseEntity.accepted().body(published));
	}

}
