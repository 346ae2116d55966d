package io.pulsegate.ingress.http;

import java.net.URI;

/**
 * Every {@code type} of the RFC 9457 problems the ingress answers with, in one place:
 * clients branch on these, so each is spelled once and the same wherever a request is
 * refused (a Tomcat valve, a filter, Spring Security or a controller).
 */
public enum ProblemType {

	/** An event, or the envelope around it, does not match its schema. */
	INVALID_EVENT("invalid-event"),

	/**
	 * A batch's body is not {@code {"events": [...]}} or none of its events was valid.
	 */
	INVALID_BATCH("invalid-batch"),

	/** A query's parameters are malformed. */
	INVALID_QUERY("invalid-query"),

	/** No credentials, or credentials the ingress does not know. */
	UNAUTHENTICATED("unauthenticated"),

	/** The caller's tenant may not publish this type, or use this endpoint. */
	FORBIDDEN("forbidden"),

	/** The caller's tenant is over its rate. */
	RATE_LIMITED("rate-limited"),

	/**
	 * The ingress sheds the request to stay responsive: the admission limit, the publish
	 * queue or the places for awaited bodies are full. Retry after {@code Retry-After}.
	 */
	OVERLOADED("overloaded"),

	/** The broker did not take the event in time. Retry after {@code Retry-After}. */
	BROKER_UNAVAILABLE("broker-unavailable"),

	/** A request with the same idempotency key is still being worked on. */
	REQUEST_IN_PROGRESS("request-in-progress"),

	/** An idempotency key came back with a different body. */
	IDEMPOTENCY_KEY_REUSED("idempotency-key-reused"),

	/**
	 * The shared store of idempotency keys did not answer, so a request with a key was
	 * refused. Retry after {@code Retry-After}.
	 */
	IDEMPOTENCY_STORE_UNAVAILABLE("idempotency-store-unavailable");

	private final URI uri;

	ProblemType(String name) {
		this.uri = URI.create("urn:pulsegate:problem:" + name);
	}

	/**
	 * The problem's {@code type} member.
	 * @return {@code urn:pulsegate:problem:} and the type's name
	 */
	public URI uri() {
		return this.uri;
	}

}
