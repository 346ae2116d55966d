package io.pulsegate.ingress.http;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.ingress.security.RequestCredentials;
import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.coyote.ContinueResponseTiming;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.net.ApplicationBufferHandler;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Lets a request in only once its body has arrived. Tomcat reads bodies with blocking
 * I/O, so a client that sends its headers and then trickles its body, or sends no more,
 * holds a request thread for as long as it keeps the connection, and once admitted a
 * place under the ingress's admission limit. Refusing such a request does not help
 * either: Tomcat then reads the rest of its body to keep the connection, on the same
 * thread. Measured before this valve: 80 connections that stopped halfway through their
 * bodies had every {@code POST /send} shed with 429 for a minute, and 250 without
 * credentials made {@code /actuator/health} time out.
 * <p>
 * A body that came in whole with its headers, as small ones do, passes at once. Any other
 * is read here, before any filter, by at most {@code max-awaited} requests at once and
 * each within the deadline, then handed to the application as if it came from the socket.
 * Only requests with valid credentials wait here, and the tenants that wait share the
 * places fairly ({@link WaitingPlaces}): others go on at once, to be refused unread, so
 * that strangers cannot take the places, nor one tenant, nor a few together, all of them.
 * A request beyond its tenant's share or the places gets 429, one whose body misses the
 * deadline or stops arriving for a read's timeout 408, a chunked body over the size limit
 * 413; each is answered without waiting for the rest of its body, and its connection
 * closed.
 */
final class BodyArrivalValve extends ValveBase {

	private static final long PROMPT_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

	private static final long PROMPT_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

	private final long maxBodySize;

	private final long deadlineNanos;

	private final long deadlineSeconds;

	private final long readTimeoutSeconds;

	private final WaitingPlaces places;

	private final RequestCredentials credentials;

	private final JsonMapper jsonMapper;

	private final Refusals refusals;

	/**
	 * Creates the valve.
	 * @param properties how bodies are awaited
	 * @param maxBodySize the largest body the application takes
	 * @param readTimeout how long each read waits for more bytes
	 * ({@code server.tomcat.connection-timeout})
	 * @param credentials tells callers whose bodies are worth waiting for from strangers
	 * @param jsonMapper writes problems
	 * @param meters where it counts what it refuses
	 */
	BodyArrivalValve(BodyArrivalProperties properties, long maxBodySize, Duration readTimeout,
			RequestCredentials credentials, JsonMapper jsonMapper, MeterRegistry meters) {
		super(true);
		this.maxBodySize = maxBodySize;
		this.deadlineNanos = properties.deadline().toNanos();
		this.deadlineSeconds = Math.max(1, properties.deadline().toSeconds());
		this.readTimeoutSeconds = Math.max(1, readTimeout.toSeconds());
		this.places = new WaitingPlaces(properties.maxAwaited(), properties.maxAwaitedPerTenant());
		this.credentials = credentials;
		this.jsonMapper = jsonMapper;
		this.refusals = new Refusals(meters);
		Gauge.builder("pulsegate.ingress.request.bodies.awaited", this.places, WaitingPlaces::taken)
			.description("Requests whose bodies the ingress is waiting for")
			.register(meters);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		long length = request.getContentLengthLong();
		boolean chunked = length < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
		// An asynchronous dispatch (a CompletableFuture's answer) passes here again.
		if (request.isAsyncDispatching() || length == 0 || (length < 0 && !chunked)
				|| (length > 0 && arrived(request, length))) {
			getNext().invoke(request, response);
			return;
		}
		if (length > this.maxBodySize) {
			// Refused unread (413, or 401 without credentials): not worth waiting for.
			getNext().invoke(request, response);
			if (!request.isAsync() && response.getStatus() >= 400) {
				closeUnread(request, response);
			}
			return;
		}
		String tenant = this.credentials.tenant(request).orElse(null);
		if (tenant == null) {
			// No place for a body without credentials that name a tenant: without valid
			// ones it is refused 401 unread, or goes where anyone may (health, metrics,
			// documentation), none of which reads a body. Its connection is closed
			// rather than read to its end.
			response.setHeader(HttpHeaders.CONNECTION, "close");
			getNext().invoke(request, response);
			if (!request.isAsync()) {
				closeUnread(request, response);
			}
			return;
		}
		WaitingPlaces.Grant grant = this.places.take(tenant);
		if (grant != WaitingPlaces.Grant.TAKEN) {
			// Many clients write a body just after its headers, not with them: one that
			// comes within moments is still let in while slow ones hold the places.
			if (length > 0 && arrivesPromptly(request, length)) {
				getNext().invoke(request, response);
				return;
			}
			if (grant == WaitingPlaces.Grant.SHARE_HELD) {
				this.refusals.tenantShare.increment();
				refuse(request, response, HttpStatus.TOO_MANY_REQUESTS,
						"The ingress is waiting for as many of this tenant's request bodies as its share of the "
								+ "places; retry after 1 s.");
			}
			else {
				this.refusals.busy.increment();
				refuse(request, response, HttpStatus.TOO_MANY_REQUESTS,
						"The ingress is waiting for as many request bodies as it takes at once; retry after 1 s.");
			}
			return;
		}
		Body body;
		try {
			// A client that sent "Expect: 100-continue" waits for this before its body.
			// Tomcat sends it just before the application, which is too late here.
			response.sendAcknowledgement(ContinueResponseTiming.ALWAYS);
			body = read(request, length);
		}
		finally {
			this.places.free(tenant);
		}
		switch (body.outcome()) {
			case COMPLETE -> {
				ByteChunk replay = new ByteChunk();
				replay.setBytes(body.bytes(), 0, body.length());
				request.getCoyoteRequest().action(ActionCode.REQ_SET_BODY_REPLAY, replay);
				getNext().invoke(request, response);
			}
			case LATE -> {
				this.refusals.late.increment();
				refuse(request, response, HttpStatus.REQUEST_TIMEOUT,
						"The request's body did not arrive within " + this.deadlineSeconds + " s.");
			}
			case STALLED -> {
				this.refusals.stalled.increment();
				refuse(request, response, HttpStatus.REQUEST_TIMEOUT,
						"No more of the request's body arrived for " + this.readTimeoutSeconds + " s.");
			}
			case TOO_LARGE -> {
				this.refusals.tooLarge.increment();
				refuse(request, response, HttpStatus.CONTENT_TOO_LARGE,
						"The request's body is larger than " + this.maxBodySize + " bytes.");
			}
			case CUT_OFF -> refuse(request, response, HttpStatus.BAD_REQUEST,
					"The request's body ended before its length, or is not framed as its headers say.");
		}
	}

	/**
	 * Whether the whole body is in Tomcat's buffer already, read along with the headers.
	 */
	private static boolean arrived(Request request, long length) {
		org.apache.coyote.Request coyote = request.getCoyoteRequest();
		coyote.action(ActionCode.AVAILABLE, Boolean.TRUE);
		return coyote.getAvailable() >= length;
	}

	/**
	 * Whether a body of which nothing has come yet arrives whole within
	 * {@link #PROMPT_NANOS}, looking every {@link #PROMPT_POLL_NANOS}. Tomcat reads the
	 * socket, without blocking, only while its buffer holds nothing of the body.
	 */
	private static boolean arrivesPromptly(Request request, long length) {
		org.apache.coyote.Request coyote = request.getCoyoteRequest();
		long giveUp = System.nanoTime() + PROMPT_NANOS;
		while (coyote.getAvailable() == 0 && System.nanoTime() - giveUp < 0) {
			LockSupport.parkNanos(PROMPT_POLL_NANOS);
			coyote.action(ActionCode.AVAILABLE, Boolean.TRUE);
		}
		return coyote.getAvailable() >= length;
	}

	private Body read(Request request, long length) {
		org.apache.coyote.Request coyote = request.getCoyoteRequest();
		long deadline = System.nanoTime() + this.deadlineNanos;
		byte[] bytes = new byte[(int) ((length > 0) ? length : Math.min(8192, this.maxBodySize + 1))];
		int filled = 0;
		Chunk chunk = new Chunk();
		try {
			while (true) {
				// Each read waits at most server.tomcat.connection-timeout for bytes.
				if (System.nanoTime() - deadline > 0) {
					return new Body(Outcome.LATE, bytes, filled);
				}
				int read = coyote.doRead(chunk);
				if (read < 0) {
					break;
				}
				ByteBuffer buffer = chunk.getByteBuffer();
				int count = buffer.remaining();
				if (filled + count > this.maxBodySize) {
					return new Body(Outcome.TOO_LARGE, bytes, filled);
				}
				if (filled + count > bytes.length) {
					bytes = Arrays.copyOf(bytes,
							(int) Math.min(this.maxBodySize, Math.max(2L * bytes.length, filled + count)));
				}
				buffer.get(bytes, filled, count);
				filled += count;
			}
		}
		catch (SocketTimeoutException ex) {
			return new Body(Outcome.STALLED, bytes, filled);
		}
		catch (IOException ex) {
			// The connection ended early, or a chunk was malformed.
			return new Body(Outcome.CUT_OFF, bytes, filled);
		}
		return new Body((length > 0 && filled < length) ? Outcome.CUT_OFF : Outcome.COMPLETE, bytes, filled);
	}

	private void refuse(Request request, Response response, HttpStatus status, String detail) throws IOException {
		closeUnread(request, response);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		if (status == HttpStatus.TOO_MANY_REQUESTS) {
			problem.setType(ProblemType.OVERLOADED.uri());
			problem.setTitle("Overloaded");
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
		}
		problem.setInstance(instance(request));
		byte[] json = this.jsonMapper.writeValueAsBytes(problem);
		response.setStatus(status.value());
		response.setHeader(HttpHeaders.CONNECTION, "close");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(json.length);
		response.getOutputStream().write(json);
	}

	/**
	 * The request's path as a URI reference; any path reaches this valve, and one need
	 * not be a valid URI as it came.
	 */
	private static @Nullable URI instance(Request request) {
		try {
			return new URI(null, null, request.getDecodedRequestURI(), null);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/**
	 * Ends the request without reading what is left of its body: the connection is closed
	 * once the answer is out, instead of kept for a next request after the body.
	 */
	private static void closeUnread(Request request, Response response) {
		request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
		// That also marks the response failed, which would have Tomcat add an error page.
		response.setErrorReported();
	}

	private enum Outcome {

		COMPLETE, LATE, STALLED, TOO_LARGE, CUT_OFF

	}

	private record Body(Outcome outcome, byte[] bytes, int length) {

	}

	/**
	 * Where Tomcat puts each read's bytes.
	 */
	private static final class Chunk implements ApplicationBufferHandler {

		private ByteBuffer buffer = EMPTY_BUFFER;

		@Override
		public void setByteBuffer(ByteBuffer buffer) {
			this.buffer = buffer;
		}

		@Override
		public ByteBuffer getByteBuffer() {
			return this.buffer;
		}

		@Override
		public void expand(int size) {
		}

	}

	private static final class Refusals {

		private final Counter busy;

		private final Counter tenantShare;

		private final Counter late;

		private final Counter stalled;

		private final Counter tooLarge;

		private Refusals(MeterRegistry meters) {
			this.busy = counter(meters, "busy");
			this.tenantShare = counter(meters, "tenant-share");
			this.late = counter(meters, "late");
			this.stalled = counter(meters, "stalled");
			this.tooLarge = counter(meters, "too-large");
		}

		private static Counter counter(MeterRegistry meters, String reason) {
			return Counter.builder("pulsegate.ingress.request.bodies.refused")
				.description("Requests refused before their bodies had arrived")
				.tag("reason", reason)
				.register(meters);
		}

	}

}
