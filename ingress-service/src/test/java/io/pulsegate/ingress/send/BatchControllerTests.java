package io.pulsegate.ingress.send;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.contains;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@IngressWebTest(controllers = BatchController.class, properties = "pulsegate.ingress.max-batch-size=3")
class BatchControllerTests {

	private static final String ORDERS = "persistent://public/default/orders";

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private EventPublisher publisher;

	@Test
	void publishesTheValidEventsInOrderAndReportsTheInvalidOnesByIndex() throws Exception {
		acknowledgeEachWithItsTypeAsMessageId();

		dispatch(batch(OrderJson.placed("o-1"), "{\"type\": \"order.placed\"}", OrderJson.paid("o-1")))
			.andExpect(status().isMultiStatus())
			.andExpect(content().contentType(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$.results[0].index").value(0))
			.andExpect(jsonPath("$.results[0].status").value(202))
			.andExpect(jsonPath("$.results[0].messageId").value("order.placed"))
			.andExpect(jsonPath("$.results[1].status").value(400))
			.andExpect(jsonPath("$.results[1].errors[0].pointer").value("/events/1/data"))
			.andExpect(jsonPath("$.results[2].status").value(202))
			.andExpect(jsonPath("$.results[2].messageId").value("order.paid"));
		InOrder order = inOrder(this.publisher);
		order.verify(this.publisher).publish(argThat((event) -> event.metadata().type().equals("order.placed")));
		order.verify(this.publisher).publish(argThat((event) -> event.metadata().type().equals("order.paid")));
	}

	@Test
	void reportsAnEventWithABlankIdByIndexAndPublishesTheOthers() throws Exception {
		acknowledgeEachWithItsTypeAsMessageId();

		dispatch(batch(OrderJson.placed("o-1"), OrderJson.paid("o-1").replace("{\"type\"", "{\"id\": \" \", \"type\"")))
			.andExpect(status().isMultiStatus())
			.andExpect(jsonPath("$.results[0].status").value(202))
			.andExpect(jsonPath("$.results[1].status").value(400))
			.andExpect(jsonPath("$.results[1].errors[0].pointer").value("/events/1/id"));
		then(this.publisher).should(times(1)).publish(any());
	}

	@Test
	void answers202WhenEveryEventWasPublished() throws Exception {
		given(this.publisher.publish(any()))
			.willReturn(CompletableFuture.completedFuture(new PublishedEvent("e", ORDERS, "1:0:-1")));

		dispatch(batch(OrderJson.placed("o-1"), OrderJson.placed("o-2"))).andExpect(status().isAccepted())
			.andExpect(jsonPath("$.results.length()").value(2));
	}

	@Test
	void answers400WithEveryResultWhenNoEventWasValid() throws Exception {
		dispatch(batch("{}", "[]")).andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("urn:pulsegate:problem:invalid-batch"))
			.andExpect(jsonPath("$.results[0].errors[*].pointer").value(contains("/events/0/data", "/events/0/type")))
			.andExpect(jsonPath("$.results[1].errors[0].pointer").value("/events/1"));
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void answers503WithRetryAfterWhenTheBrokerFailedThemAll() throws Exception {
		given(this.publisher.publish(any())).willReturn(
				CompletableFuture.failedFuture(new BrokerUnavailableException("down", new IllegalStateException())));

		dispatch(batch(OrderJson.placed("o-1"))).andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "5"))
			.andExpect(jsonPath("$.type").value("urn:pulsegate:problem:broker-unavailable"))
			.andExpect(jsonPath("$.results[0].status").value(503));
	}

	@Test
	void refusesMoreEventsThanTheLimitWith413() throws Exception {
		send(batch(OrderJson.placed("a"), OrderJson.placed("b"), OrderJson.placed("c"), OrderJson.placed("d")))
			.andExpect(status().isPayloadTooLarge())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void requiresAnArrayOfEvents() throws Exception {
		send("{\"events\": {}}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].pointer").value("/events"));
		send("{\"events\": []}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].pointer").value("/events"));
	}

	private void acknowledgeEachWithItsTypeAsMessageId() {
		given(this.publisher.publish(any())).willAnswer((invocation) -> {
			OutgoingEvent event = invocation.getArgument(0);
			return CompletableFuture
				.completedFuture(new PublishedEvent(event.metadata().id(), ORDERS, event.metadata().type()));
		});
	}

	private static String batch(String... events) {
		return "{\"events\": [" + String.join(",", events) + "]}";
	}

	private ResultActions send(String json) throws Exception {
		return this.mvc.perform(post("/send/batch").header("X-API-Key", IngressWebTest.API_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

	private ResultActions dispatch(String json) throws Exception {
		return this.mvc.perform(asyncDispatch(send(json).andReturn()));
	}

}
