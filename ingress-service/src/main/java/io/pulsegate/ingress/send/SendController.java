package io.pulsegate.ingress.send;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

import io.pulsegate.events.EventMetadata;
import jakarta.validation.Valid;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /send}: one event, answered once the broker has acknowledged it.
 */
@RestController
class SendController {

	private final EventRoutes routes;

	private final EventPublisher publisher;

	private final JsonMapper jsonMapper;

	private final String defaultSource;

	private final Clock clock;

	SendController(EventRoutes routes, EventPublisher publisher, JsonMapper jsonMapper, IngressProperties properties,
			Clock clock) {
		this.routes = routes;
		this.publisher = publisher;
		this.jsonMapper = jsonMapper;
		this.defaultSource = properties.defaultSource();
		this.clock = clock;
	}

	@PostMapping(path = "/send", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	CompletableFuture<ResponseEntity<PublishedEvent>> send(@Valid @RequestBody SendEventRequest request) {
		String topic = this.routes.topicFor(request.type())
			.orElseThrow(() -> new UnknownEventTypeException(request.type()));
		EventMetadata metadata = request.toMetadata(this.defaultSource, this.clock);
		byte[] data = this.jsonMapper.writeValueAsBytes(request.data());
		return this.publisher.publish(topic, metadata, data)
			.thenApply((published) -> ResponseEntity.accepted().body(published));
	}

}
