package io.pulsegate.ingress.send;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every way a request can be refused, at the HTTP edge, with the broker replaced: a
 * refused request must never reach the publisher.
 */
@IngressWebTest(controllers = SendController.class, properties = "pulsegate.ingress.max-body-size=2KB")
class SendControllerTests {

	private static final String ORDERS = "persistent://public/default/orders";

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private EventPublisher publisher;

	@Test
	void acceptsAnEventOnceTheBrokerAcknowledgedIt() throws Exception {
		given(this.publisher.publish(any()))
			.willReturn(CompletableFuture.completedFuture(new PublishedEvent("e-1", ORDERS, "7:0:-1:0")));

		send(OrderJson.placed("o-1")).andExpect(status().isAccepted())
			.andExpect(jsonPath("$.id").value("e-1"))
			.andExpect(jsonPath("$.topic").value(ORDERS))
			.andExpect(jsonPath("$.messageId").value("7:0:-1:0"));
		then(this.publisher).should()
			.publish(argThat((event) -> "o-1".equals(event.metadata().key()) && ORDERS.equals(event.topic())));
	}

	@Test
	void answersWhenTheBrokerAcknowledgesWithoutHoldingTheRequestsThread() throws Exception {
		CompletableFuture<PublishedEvent> acknowledgement = new CompletableFuture<>();
		given(this.publisher.publish(any())).willReturn(acknowledgement);

		MvcResult result = send(OrderJson.placed("o-1")).andExpect(request().asyncStarted()).andReturn();
		assertThat(result.getResponse().getContentAsString()).as("before the acknowledgement").isEmpty();

		acknowledgement.complete(new PublishedEvent("e-1", ORDERS, "7:0:-1:0"));

		assertThat(result.getRequest().isAsyncStarted()).as("asynchronous answer still open").isFalse();
		assertThat(result.getResponse().getStatus()).isEqualTo(202);
		assertThat(result.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_JSON_VALUE);
		assertThat(result.getResponse().getContentLength())
			.isEqualTo(result.getResponse().getContentAsByteArray().length);
		assertThat(result.getResponse().getContentAsString())
			.isEqualTo("{\"id\":\"e-1\",\"topic\":\"" + ORDERS + "\",\"messageId\":\"7:0:-1:0\"}");
	}

	@Test
	void answers503WithRetryAfterWhenTheBrokerFailsThePublishLater() throws Exception {
		CompletableFuture<PublishedEvent> acknowledgement = new CompletableFuture<>();
		given(this.publisher.publish(any())).willReturn(acknowledgement);
		MvcResult result = send(OrderJson.placed("o-1")).andExpect(request().asyncStarted()).andReturn();

		acknowledgement.completeExceptionally(new BrokerUnavailableException("timed out", null));

		assertThat(result.getRequest().isAsyncStarted()).as("asynchronous answer still open").isFalse();
		assertThat(result.getResponse().getStatus()).isEqualTo(503);
		assertThat(result.getResponse().getHeader("Retry-After")).isEqualTo("5");
		assertThat(result.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(result.getResponse().getContentAsString())
			.contains("\"type\":\"urn:pulsegate:problem:broker-unavailable\"")
			.contains("\"instance\":\"/send\"")
			.doesNotContain("null");
	}

	@Test
	void answers503WhenThePublishOutlivesItsGuardAndIgnoresTheLateAcknowledgement() throws Exception {
		CompletableFuture<PublishedEvent> acknowledgement = new CompletableFuture<>();
		given(this.publisher.publish(any())).willReturn(acknowledgement);
		MvcResult result = send(OrderJson.placed("o-1")).andExpect(request().asyncStarted()).andReturn();
		MockAsyncContext async = (MockAsyncContext) result.getRequest().getAsyncContext();
		assertThat(async.getTimeout()).as("publish timeout and a margin").isEqualTo(10_000);

		for (AsyncListener listener : async.getListeners()) {
			listener.onTimeout(new AsyncEvent(async));
		}
		acknowledgement.complete(new PublishedEvent("e-1", ORDERS, "7:0:-1:0"));

		assertThat(result.getResponse().getStatus()).isEqualTo(503);
		assertThat(result.getResponse().getHeader("Retry-After")).isEqualTo("5");
		assertThat(result.getResponse().getContentAsString()).contains("urn:pulsegate:problem:broker-unavailable")
			.doesNotContain("e-1");
	}

	@Test
	void answersAProblemNeverASuccessWhenThePublishIsCancelledLater() throws Exception {
		CompletableFuture<PublishedEvent> acknowledgement = new CompletableFuture<>();
		given(this.publisher.publish(any())).willReturn(acknowledgement);
		MvcResult result = send(OrderJson.placed("o-1")).andExpect(request().asyncStarted()).andReturn();

		acknowledgement.cancel(false);

		assertThat(result.getRequest().isAsyncStarted()).as("asynchronous answer still open").isFalse();
		assertThat(result.getResponse().getStatus()).isEqualTo(500);
		assertThat(result.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(result.getResponse().getContentAsString()).contains("retry with the same Idempotency-Key");
	}

	@Test
	void answersAProblemNeverASuccessWhenThePublishWasCancelledAlready() throws Exception {
		CompletableFuture<PublishedEvent> cancelled = new CompletableFuture<>();
		cancelled.cancel(false);
		given(this.publisher.publish(any())).willReturn(cancelled);

		send(OrderJson.placed("o-1")).andExpect(status().isInternalServerError())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(containsString("Idempotency-Key")));
	}

	@Test
	void writesNothingWhenThePublishCompletesAfterTheConnectionFailed() throws Exception {
		CompletableFuture<PublishedEvent> acknowledgement = new CompletableFuture<>();
		given(this.publisher.publish(any())).willReturn(acknowledgement);
		MvcResult result = send(OrderJson.placed("o-1")).andExpect(request().asyncStarted()).andReturn();
		MockAsyncContext async = (MockAsyncContext) result.getRequest().getAsyncContext();

		for (AsyncListener listener : async.getListeners()) {
			listener.onError(new AsyncEvent(async, new IOException("connection reset")));
		}
		acknowledgement.complete(new PublishedEvent("e-1", ORDERS, "7:0:-1:0"));

		assertThat(result.getRequest().isAsyncStarted()).as("completed on the error").isFalse();
		assertThat(result.getResponse().getContentAsString()).isEmpty();
	}

	@Test
	void namesEveryViolationWithAJsonPointer() throws Exception {
		send("""
				{"type": "order.paid", "time": "soon", "colour": "red",
				 "data": {"orderId": "o-1", "amount": -5, "currency": "EUR"}}""").andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("urn:pulsegate:problem:invalid-event"))
			.andExpect(jsonPath("$.errors[*].pointer")
				.value(contains("/colour", "/data/amount", "/data/paymentId", "/time")));
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void rejectsMalformedJson() throws Exception {
		send("{\"type\": \"order.placed\", \"data\": {").andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].pointer").value(""))
			.andExpect(jsonPath("$.errors[0].detail", containsString("not well-formed JSON")));
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void rejectsDuplicateKeys() throws Exception {
		send("{\"type\": \"order.placed\", \"type\": \"order.paid\", \"data\": {}}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].detail", containsString("Duplicate field")));
	}

	@Test
	void requiresABody() throws Exception {
		send("").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].pointer").value(""));
	}

	@Test
	void requiresTheBodyToBeAnObject() throws Exception {
		send("[1, 2]").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].detail").value("must be a JSON object"));
	}

	@Test
	void rejectsAnUnknownEventType() throws Exception {
		send("{\"type\": \"invoice.sent\", \"data\": {}}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].pointer").value("/type"))
			.andExpect(jsonPath("$.errors[0].detail", containsString("invoice.sent")));
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void rejectsABlankIdOrSourceAsTheConsumerWould() throws Exception {
		// An EM SPACE: blank to String.isBlank, which the metadata and the consumer use.
		send(OrderJson.placed("o-1").replace("{\"type\"", "{\"id\": \"\u2003\", \"type\""))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].pointer").value("/id"))
			.andExpect(jsonPath("$.errors[0].detail").value("must not be blank"));
		send(OrderJson.placed("o-1").replace("{\"type\"", "{\"source\": \" \\t\", \"type\""))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].pointer").value("/source"));
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void takesTheTimeInEveryFormRfc3339Allows() throws Exception {
		given(this.publisher.publish(any()))
			.willReturn(CompletableFuture.completedFuture(new PublishedEvent("e-1", ORDERS, "7:0:-1:0")));
		List<String> forms = List.of("2026-11-23T10:00:00Z", "2026-11-23t10:00:00z", "2026-11-23 10:00:00Z",
				"2026-11-23T11:00:00+01:00");

		for (String time : forms) {
			send(OrderJson.placed("o-1").replace("{\"type\"", "{\"time\": \"" + time + "\", \"type\""))
				.andExpect(status().isAccepted());
		}

		then(this.publisher).should(times(forms.size()))
			.publish(argThat((event) -> event.metadata().time().equals(Instant.parse("2026-11-23T10:00:00Z"))));
	}

	@Test
	void rejectsAKeyThatIsNotTheOrderId() throws Exception {
		send(OrderJson.placed("o-1").replace("{\"type\"", "{\"key\": \"o-2\", \"type\""))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].pointer").value("/key"));
	}

	@Test
	void rejectsABodyOverTheLimitWith413() throws Exception {
		String large = OrderJson.placed("o-1").replace("\"c-1\"", "\"" + "c".repeat(3000) + "\"");

		send(large).andExpect(status().isPayloadTooLarge())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void refusesADeliveryLaterThanTheMaximumDelay() throws Exception {
		send(OrderJson.placed("o-1").replaceFirst("\\{", "{\"deliverAfter\": \"P30D\", "))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].pointer").value("/deliverAfter"));
	}

	@Test
	void refusesADelayBeyondWhatAnInstantHoldsAs400() throws Exception {
		for (String delay : new String[] { "PT9223372036854775807S", "P106751991167300D", "-PT9223372036854775807S" }) {
			send(OrderJson.placed("o-1").replaceFirst("\\{", "{\"deliverAfter\": \"" + delay + "\", "))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.errors[0].pointer").value("/deliverAfter"));
		}
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void refusesDeliverAtTogetherWithDeliverAfter() throws Exception {
		send(OrderJson.placed("o-1")
			.replaceFirst("\\{", "{\"deliverAfter\": \"PT1M\", \"deliverAt\": \"2030-01-01T00:00:00Z\", "))
			.andExpect(status().isBadRequest());
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void answersAnAsyncSendOnceQueued() throws Exception {
		given(this.publisher.publish(any())).willReturn(new CompletableFuture<>());

		this.mvc
			.perform(post("/send?async=true").header("X-API-Key", IngressWebTest.API_KEY)
				.contentType(MediaType.APPLICATION_JSON)
				.content(OrderJson.placed("o-1")))
			.andExpect(status().isAccepted())
			.andExpect(header().string("Preference-Applied", "respond-async"))
			.andExpect(jsonPath("$.status").value("queued"));
	}

	@Test
	void anAsyncSendRefusedAtOnceIsAnsweredAsSuch() throws Exception {
		given(this.publisher.publish(any())).willReturn(CompletableFuture.failedFuture(new OverloadedException()));

		this.mvc
			.perform(post("/send").header("X-API-Key", IngressWebTest.API_KEY)
				.header("Prefer", "respond-async")
				.contentType(MediaType.APPLICATION_JSON)
				.content(OrderJson.placed("o-1")))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.type").value("urn:pulsegate:problem:overloaded"));
	}

	@Test
	void rejectsAnUnsupportedContentType() throws Exception {
		this.mvc
			.perform(post("/send").header("X-API-Key", IngressWebTest.API_KEY)
				.contentType(MediaType.TEXT_PLAIN)
				.content("hello"))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void rejectsOtherMethods() throws Exception {
		this.mvc.perform(get("/send").header("X-API-Key", IngressWebTest.API_KEY))
			.andExpect(status().isMethodNotAllowed())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void answers503WithRetryAfterWhenTheBrokerIsUnavailable() throws Exception {
		given(this.publisher.publish(any())).willReturn(CompletableFuture
			.failedFuture(new BrokerUnavailableException("timed out", new IllegalStateException("down"))));

		send(OrderJson.paid("o-1")).andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "5"))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("urn:pulsegate:problem:broker-unavailable"));
	}

	@Test
	void anAcceptHeaderThatNothingMatchesStillGetsAProblemDocument() throws Exception {
		for (String accept : new String[] { "%zz", "text/html", "application/xml;q=1", "*/x" }) {
			this.mvc
				.perform(post("/send").header("X-API-Key", IngressWebTest.API_KEY)
					.header("Accept", accept)
					.contentType(MediaType.APPLICATION_JSON)
					.content(OrderJson.placed("o-1")))
				.andExpect(status().isNotAcceptable())
				.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.status").value(406));
		}
		then(this.publisher).should(never()).publish(any());
	}

	private ResultActions send(String json) throws Exception {
		return this.mvc.perform(post("/send").header("X-API-Key", IngressWebTest.API_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

}
