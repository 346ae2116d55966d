package io.pulsegate.ingress.send;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.Mockito.times;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Retried requests publish nothing new and get the first answer again.
 */
@IngressWebTest(controllers = { SendController.class, BatchController.class })
class IdempotencyControllerTests {

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private EventPublisher publisher;

	private int published;

	@BeforeEach
	void acknowledgeWithIncreasingMessageIds() {
		given(this.publisher.publish(any())).willAnswer((invocation) -> {
			OutgoingEvent event = invocation.getArgument(0);
			return CompletableFuture.completedFuture(
					new PublishedEvent(event.metadata().id(), event.topic(), (++this.published) + ":0:-1"));
		});
	}

	@Test
	void aRetryWithTheSameKeyGetsTheFirstAnswerAndPublishesNothing() throws Exception {
		dispatch(send(OrderJson.placed("o-1"), "retry-1")).andExpect(status().isAccepted())
			.andExpect(jsonPath("$.messageId").value("1:0:-1"));

		dispatch(send(OrderJson.placed("o-1"), "retry-1")).andExpect(status().isAccepted())
			.andExpect(header().string("Idempotent-Replayed", "true"))
			.andExpect(jsonPath("$.messageId").value("1:0:-1"));
		then(this.publisher).should(times(1)).publish(any());
	}

	@Test
	void aRetryAfterAFailureIsTheSameEventAgain() throws Exception {
		List<String> publishedIds = new ArrayList<>();
		willAnswer((invocation) -> {
			OutgoingEvent event = invocation.getArgument(0);
			publishedIds.add(event.metadata().id());
			// The first attempt times out, although its event may reach the broker yet.
			return (publishedIds.size() == 1)
					? CompletableFuture.failedFuture(new BrokerUnavailableException("timed out", null))
					: CompletableFuture
						.completedFuture(new PublishedEvent(event.metadata().id(), event.topic(), "1:0:-1"));
		}).given(this.publisher).publish(any());

		dispatch(send(OrderJson.placed("o-8"), "uncertain-1")).andExpect(status().isServiceUnavailable());
		dispatch(send(OrderJson.placed("o-8"), "uncertain-1")).andExpect(status().isAccepted())
			.andExpect(jsonPath("$.id").value(publishedIds.get(0)));

		assertThat(publishedIds).hasSize(2).containsOnly(publishedIds.get(0));
	}

	@Test
	void anotherKeyIsAnotherEvent() throws Exception {
		dispatch(send(OrderJson.placed("o-9"), "first-key")).andExpect(status().isAccepted());
		dispatch(send(OrderJson.placed("o-9"), "second-key")).andExpect(status().isAccepted())
			.andExpect(jsonPath("$.messageId").value("2:0:-1"));

		ArgumentCaptor<OutgoingEvent> events = ArgumentCaptor.forClass(OutgoingEvent.class);
		then(this.publisher).should(times(2)).publish(events.capture());
		assertThat(events.getAllValues()).extracting((event) -> event.metadata().id()).doesNotHaveDuplicates();
	}

	@Test
	void aRetryWhileTheFirstAttemptIsStillRunningIs409() throws Exception {
		CompletableFuture<PublishedEvent> brokerStillThinking = new CompletableFuture<>();
		willReturn(brokerStillThinking).given(this.publisher).publish(any());
		send(OrderJson.placed("o-7"), "slow-1");

		dispatch(send(OrderJson.placed("o-7"), "slow-1")).andExpect(status().isConflict())
			.andExpect(header().string("Retry-After", "1"))
			.andExpect(jsonPath("$.type").value("urn:pulsegate:problem:request-in-progress"));
		then(this.publisher).should(times(1)).publish(any());
	}

	@Test
	void aKeyReusedForAnotherRequestIs422() throws Exception {
		dispatch(send(OrderJson.placed("o-1"), "reused")).andExpect(status().isAccepted());

		dispatch(send(OrderJson.placed("o-2"), "reused")).andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value("urn:pulsegate:problem:idempotency-key-reused"));
	}

	@Test
	void theClientsEventIdIsAKeyToo() throws Exception {
		String event = OrderJson.placed("o-3").replaceFirst("\\{", "{\"id\": \"evt-3\", ");

		dispatch(send(event, null)).andExpect(status().isAccepted());
		dispatch(send(event, null)).andExpect(status().isAccepted())
			.andExpect(header().string("Idempotent-Replayed", "true"));
		then(this.publisher).should(times(1)).publish(any());
	}

	@Test
	void aKeyShapedLikeAnEventIdsKeyIsTheClientsOwn() throws Exception {
		String event = OrderJson.placed("o-10").replaceFirst("\\{", "{\"id\": \"evt-10\", ");
		dispatch(send(event, null)).andExpect(status().isAccepted());

		dispatch(send(OrderJson.placed("o-11"), "event:evt-10")).andExpect(status().isAccepted())
			.andExpect(header().doesNotExist("Idempotent-Replayed"))
			.andExpect(jsonPath("$.messageId").value("2:0:-1"));
		then(this.publisher).should(times(2)).publish(any());
	}

	@Test
	void eventsWithoutIdOrKeyArePublishedEachTime() throws Exception {
		dispatch(send(OrderJson.placed("o-4"), null)).andExpect(status().isAccepted());
		dispatch(send(OrderJson.placed("o-4"), null)).andExpect(status().isAccepted());
		then(this.publisher).should(times(2)).publish(any());
	}

	@Test
	void aBatchRetryGetsTheFirstAnswer() throws Exception {
		String batch = "{\"events\": [" + OrderJson.placed("o-5") + "]}";

		dispatch(this.mvc.perform(post("/send/batch").header("X-API-Key", IngressWebTest.API_KEY)
			.header("Idempotency-Key", "batch-1")
			.contentType(MediaType.APPLICATION_JSON)
			.content(batch))).andExpect(status().isAccepted());
		dispatch(this.mvc.perform(post("/send/batch").header("X-API-Key", IngressWebTest.API_KEY)
			.header("Idempotency-Key", "batch-1")
			.contentType(MediaType.APPLICATION_JSON)
			.content(batch))).andExpect(status().isAccepted())
			.andExpect(header().string("Idempotent-Replayed", "true"))
			.andExpect(jsonPath("$.results[0].messageId").value("1:0:-1"));
		then(this.publisher).should(times(1)).publish(any());
	}

	@Test
	void aBatchRetryAfterAFailurePublishesTheSameEventsAgainEachUnderItsOwnId() throws Exception {
		List<String> publishedIds = new ArrayList<>();
		willAnswer((invocation) -> {
			OutgoingEvent event = invocation.getArgument(0);
			publishedIds.add(event.metadata().id());
			// The whole first attempt times out, although its events may reach the
			// broker.
			return (publishedIds.size() <= 2)
					? CompletableFuture.failedFuture(new BrokerUnavailableException("timed out", null))
					: CompletableFuture
						.completedFuture(new PublishedEvent(event.metadata().id(), event.topic(), "1:0:-1"));
		}).given(this.publisher).publish(any());
		String batch = "{\"events\": [" + OrderJson.placed("o-10") + ", " + OrderJson.placed("o-11") + "]}";

		dispatch(batch(batch, "uncertain-batch")).andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.results[0].id").value(publishedIds.get(0)))
			.andExpect(jsonPath("$.results[1].id").value(publishedIds.get(1)));
		dispatch(batch(batch, "uncertain-batch")).andExpect(status().isAccepted());

		assertThat(publishedIds).hasSize(4);
		assertThat(publishedIds.get(0)).isNotEqualTo(publishedIds.get(1));
		assertThat(publishedIds.subList(2, 4)).isEqualTo(publishedIds.subList(0, 2));
	}

	@Test
	void rejectsAMalformedKey() throws Exception {
		send(OrderJson.placed("o-6"), "has spaces").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].header").value("Idempotency-Key"));
	}

	private ResultActions send(String json, String key) throws Exception {
		var request = post("/send").header("X-API-Key", IngressWebTest.API_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json);
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return this.mvc.perform(request);
	}

	private ResultActions batch(String json, String key) throws Exception {
		return this.mvc.perform(post("/send/batch").header("X-API-Key", IngressWebTest.API_KEY)
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

	/**
	 * The answer: {@code POST /send} writes it itself, at once here where the publish is
	 * already complete; {@code POST /send/batch} through Spring MVC's asynchronous
	 * dispatch.
	 */
	private ResultActions dispatch(ResultActions started) throws Exception {
		MvcResult result = started.andReturn();
		return result.getRequest().isAsyncStarted() ? this.mvc.perform(asyncDispatch(result)) : started;
	}

}
