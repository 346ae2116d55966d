package io.pulsegate.ingress.idempotency;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.pulsegate.ingress.http.ProblemType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Runs a publishing request at most once per key within the window. A retry gets the
 * first response again, marked {@code Idempotent-Replayed: true}, and publishes nothing.
 * A retry that arrives while the first attempt is still running gets 409; a key reused
 * for a different body gets 422. Only successful responses are kept: a failed attempt
 * frees the key for the client's next try.
 */
@Component
public class IdempotentRequests {

	/** The request header that names a request for retries. */
	public static final String HEADER = "Idempotency-Key";

	/** The response header that marks a replayed response. */
	public static final String REPLAYED = "Idempotent-Replayed";

	private static final Log logger = LogFactory.getLog(IdempotentRequests.class);

	private final IdempotencyStore store;

	private final JsonMapper jsonMapper;

	private final Duration window;

	private final Duration claimTimeout;

	IdempotentRequests(IdempotencyStore store, JsonMapper jsonMapper, IdempotencyProperties properties) {
		this.store = store;
		this.jsonMapper = jsonMapper;
		this.window = properties.window();
		this.claimTimeout = properties.claimTimeout();
	}

	/**
	 * Runs a request once per key.
	 * @param tenant the caller's tenant, which scopes the key
	 * @param key the idempotency key, or {@code null} to run the request unconditionally
	 * @param body the request body, whose digest must match on a retry
	 * @param request the request's work
	 * @return its response, or the first response to the same key
	 */
	public CompletableFuture<ResponseEntity<Object>> run(String tenant, @Nullable String key, byte[] body,
			Supplier<Outcome> request) {
		if (key == null) {
			return request.get().response();
		}
		// The tenant's length first: tenants may hold ':' ("a:b" with key "c" against "a"
		// with key "b:c").
		String scopedKey = tenant.length() + ":" + tenant + ":" + key;
		String fingerprint = fingerprint(body);
		Optional<IdempotencyRecord> known = this.store.claim(scopedKey, IdempotencyRecord.inProgress(fingerprint),
				this.claimTimeout);
		if (known.isPresent()) {
			return CompletableFuture.completedFuture(answerFor(known.get(), fingerprint));
		}
		Outcome outcome;
		try {
			outcome = request.get();
		}
		catch (RuntimeException ex) {
			release(scopedKey);
			throw ex;
		}
		CompletableFuture<Void> remembered = CompletableFuture.allOf(outcome.response(), outcome.durable())
			.handle((done, failure) -> (failure == null) ? outcome.response().join() : null)
			.thenCompose((result) -> remember(scopedKey, fingerprint, result));
		if (outcome.response() == outcome.durable()) {
			// Answered once the answer is kept: a retry sent the moment the client
			// has it gets it again, not 409.
			return remembered.thenCompose((kept) -> outcome.response());
		}
		return outcome.response();
	}

	/**
	 * Keeps a successful response for retries, or frees the key after a failure; never
	 * fails, since the request's own outcome stands either way.
	 */
	private CompletableFuture<Void> remember(String scopedKey, String fingerprint,
			@Nullable ResponseEntity<Object> result) {
		if (result != null && result.getStatusCode().is2xxSuccessful()) {
			IdempotencyRecord record = new IdempotencyRecord(fingerprint, result.getStatusCode().value(),
					this.jsonMapper.writeValueAsString(result.getBody()));
			return this.store.complete(scopedKey, record, this.window).exceptionally((failure) -> {
				logger.warn("A response could not be kept for retries (" + failure + "): until the claim expires after "
						+ this.claimTimeout + ", retries get 409; then they publish again, under the same event ids");
				return null;
			});
		}
		return release(scopedKey);
	}

	private CompletableFuture<Void> release(String scopedKey) {
		return this.store.release(scopedKey).exceptionally((failure) -> {
			logger.warn("The claim of a failed request could not be released (" + failure
					+ "): its retries get 409 until the claim expires after " + this.claimTimeout);
			return null;
		});
	}

	/**
	 * What a request produces: its response, and when its effect is durable. A response
	 * is remembered for retries only once its effect is durable, so that an asynchronous
	 * answer whose publish later fails can still be retried.
	 *
	 * @param response the response to the client
	 * @param durable completes when the effect is durable, fails if it never will be
	 */
	public record Outcome(CompletableFuture<ResponseEntity<Object>> response, CompletableFuture<?> durable) {

		/**
		 * A request whose response waits for its effect.
		 * @param response the response
		 * @return the outcome
		 */
		public static Outcome of(CompletableFuture<ResponseEntity<Object>> response) {
			return new Outcome(response, response);
		}

	}

	private ResponseEntity<Object> answerFor(IdempotencyRecord known, String fingerprint) {
		if (!known.fingerprint().equals(fingerprint)) {
			return problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemType.IDEMPOTENCY_KEY_REUSED.uri(),
					"Idempotency key reused", "This " + HEADER + " was used for a different request.");
		}
		if (known.isInProgress()) {
			ResponseEntity<Object> conflict = problem(HttpStatus.CONFLICT, ProblemType.REQUEST_IN_PROGRESS.uri(),
					"Request in progress",
					"A request with this " + HEADER + " is still being processed; retry shortly.");
			return ResponseEntity.status(conflict.getStatusCode())
				.headers(conflict.getHeaders())
				.header(HttpHeaders.RETRY_AFTER, "1")
				.body(conflict.getBody());
		}
		return ResponseEntity.status(known.status())
			.contentType(MediaType.APPLICATION_JSON)
			.header(REPLAYED, "true")
			.body(this.jsonMapper.readTree(known.body()));
	}

	private static ResponseEntity<Object> problem(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static String fingerprint(byte[] body) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
