package io.pulsegate.ingress.send;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsegate.events.schema.EventJson;
import io.pulsegate.events.schema.EventJson.MalformedJsonException;
import io.pulsegate.ingress.http.ProblemType;
import io.pulsegate.ingress.idempotency.IdempotentRequests;
import io.pulsegate.ingress.idempotency.IdempotentRequests.Outcome;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.PayloadTooLargeException;

/**
 * {@code POST /send/batch}: up to {@code max-batch-size} envelopes as {@code {"events":
 * [...]}}, answered with one result per event, in order. Valid events are published
 * (events with the same key in the order given); invalid ones are reported by index. The
 * status says whether all (202), some (207) or none succeeded: 400 when every event was
 * invalid, 503 with {@code Retry-After} when the broker failed them.
 */
@RestController
class BatchController {

	private final BodyReader bodyReader;

	private final EventIntake intake;

	private final EventPublisher publisher;

	private final Callers callers;

	private final IdempotentRequests idempotentRequests;

	private final int maxBatchSize;

	private final long retryAfterSeconds;

	BatchController(BodyReader bodyReader, EventIntake intake, EventPublisher publisher, Callers callers,
			IdempotentRequests idempotentRequests, IngressProperties properties) {
		this.bodyReader = bodyReader;
		this.intake = intake;
		this.publisher = publisher;
		this.callers = callers;
		this.idempotentRequests = idempotentRequests;
		this.maxBatchSize = properties.maxBatchSize();
		this.retryAfterSeconds = Math.max(1, properties.retryAfter().toSeconds());
	}

	@PostMapping(path = "/send/batch", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
	CompletableFuture<ResponseEntity<Object>> sendBatch(InputStream body,
			@RequestHeader(name = HttpHeaders.CONTENT_LENGTH, defaultValue = "-1") long contentLength,
			@RequestHeader(name = IdempotentRequests.HEADER, required = false) @Nullable String idempotencyKey)
			throws IOException {
		byte[] bytes = this.bodyReader.read(body, contentLength);
		JsonNode events = events(bytes);
		String tenant = this.callers.admit(events.size());
		if (idempotencyKey == null) {
			return this.idempotentRequests.run(tenant, null, bytes, () -> Outcome.of(publishAll(tenant, events, null)));
		}
		String key = IdempotencyKeys.require(idempotencyKey);
		RequestEventIds ids = RequestEventIds.of(tenant, key, bytes);
		return this.idempotentRequests.run(tenant, "batch:" + key, bytes,
				() -> Outcome.of(publishAll(tenant, events, ids)));
	}

	private CompletableFuture<ResponseEntity<Object>> publishAll(String tenant, JsonNode events,
			@Nullable RequestEventIds ids) {
		// Every event is read before the first is published: should reading one fail
		// unforeseen, the request fails with nothing of it published, and a retry cannot
		// publish the events before that one a second time.
		List<ReadEvent> read = new ArrayList<>(events.size());
		for (int index = 0; index < events.size(); index++) {
			read.add(read(tenant, index, events.get(index), ids));
		}
		List<CompletableFuture<BatchItemResult>> results = read.stream().map(this::publish).toList();
		return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
			.thenApply((done) -> respond(results.stream().map(CompletableFuture::join).toList()));
	}

	private ReadEvent read(String tenant, int index, JsonNode envelope, @Nullable RequestEventIds ids) {
		String at = "/events/" + index;
		OutgoingEvent event;
		try {
			event = this.intake.acceptEnvelope(tenant, envelope);
		}
		catch (ForbiddenEventException ex) {
			return ReadEvent.refused(BatchItemResult.forbidden(index, ex.getMessage()));
		}
		catch (InvalidEventException ex) {
			// An envelope's problems are in its body: point at them within the batch.
			return ReadEvent.refused(BatchItemResult.invalid(index,
					ex.errors().stream().map((error) -> EventError.at(at + error.pointer(), error.detail())).toList()));
		}
		return ReadEvent.accepted(index, (ids != null) ? event.identifiedBy(ids, index) : event);
	}

	private CompletableFuture<BatchItemResult> publish(ReadEvent read) {
		OutgoingEvent event = read.event();
		if (event == null) {
			return CompletableFuture.completedFuture(read.refusal());
		}
		return this.publisher.publish(event)
			.handle((published, failure) -> (failure == null) ? BatchItemResult.published(read.index(), published)
					: BatchItemResult.unavailable(read.index(), event.metadata().id()));
	}

	private ResponseEntity<Object> respond(List<BatchItemResult> results) {
		long succeeded = results.stream().filter(BatchItemResult::succeeded).count();
		if (succeeded == results.size()) {
			return ResponseEntity.accepted().body(new BatchResponse(results));
		}
		if (succeeded > 0) {
			return ResponseEntity.status(HttpStatus.MULTI_STATUS).body(new BatchResponse(results));
		}
		boolean brokerFailed = results.stream().anyMatch((result) -> result.status() == 503);
		boolean allForbidden = results.stream().allMatch((result) -> result.status() == 403);
		HttpStatus status = brokerFailed ? HttpStatus.SERVICE_UNAVAILABLE
				: allForbidden ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				"None of the " + results.size() + " events was published; see results.");
		problem.setType(brokerFailed ? ProblemType.BROKER_UNAVAILABLE.uri()
				: allForbidden ? ProblemType.FORBIDDEN.uri() : ProblemType.INVALID_BATCH.uri());
		problem.setTitle(brokerFailed ? "Broker unavailable" : allForbidden ? "Forbidden" : "Invalid batch");
		problem.setProperty("results", results);
		ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (brokerFailed) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
		}
		return response.body(problem);
	}

	private JsonNode events(byte[] body) {
		JsonNode batch;
		try {
			batch = EventJson.read(body);
		}
		catch (MalformedJsonException ex) {
			throw InvalidEventException.at("", "is not well-formed JSON: " + ex.getMessage());
		}
		JsonNode events = batch.path("events");
		if (!batch.isObject() || !events.isArray()) {
			throw InvalidEventException.at("/events", "must be an array of events: {\"events\": [...]}");
		}
		if (events.isEmpty()) {
			throw InvalidEventException.at("/events", "must hold at least one event");
		}
		if (events.size() > this.maxBatchSize) {
			throw new PayloadTooLargeException(new IllegalArgumentException(
					"a batch holds at most " + this.maxBatchSize + " events, this one " + events.size()));
		}
		return events;
	}

	/**
	 * The answer to a batch that was at least partly published.
	 *
	 * @param results one per event, in the order of the batch
	 */
	record BatchResponse(List<BatchItemResult> results) {
	}

	/**
	 * An event of a batch once read: to be published, or refused with its result.
	 *
	 * @param index its place in the batch
	 * @param event what to publish, {@code null} if refused
	 * @param refusal its result if refused, {@code null} otherwise
	 */
	private record ReadEvent(int index, @Nullable OutgoingEvent event, @Nullable BatchItemResult refusal) {

		static ReadEvent accepted(int index, OutgoingEvent event) {
			return new ReadEvent(index, event, null);
		}

		static ReadEvent refused(BatchItemResult refusal) {
			return new ReadEvent(refusal.index(), null, refusal);
		}

	}

}
