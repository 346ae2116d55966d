package io.pulsegate.ingress.send;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * CloudEvents 1.0 over HTTP in structured and binary mode, mapped onto the same event as
 * the plain envelope, with problems reported where the client wrote them.
 */
@IngressWebTest(controllers = SendController.class)
class CloudEventsControllerTests {

	private static final String PAID_DATA = """
			{"orderId": "o-9", "paymentId": "p-1", "amount": 25.0, "currency": "EUR"}""";

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private EventPublisher publisher;

	@BeforeEach
	void acknowledgeEverything() {
		given(this.publisher.publish(any())).willReturn(CompletableFuture
			.completedFuture(new PublishedEvent("ce-1", "persistent://public/default/orders", "1:0:-1")));
	}

	@Test
	void structuredModeMapsAttributesOntoTheEvent() throws Exception {
		this.mvc
			.perform(post("/send").header("X-API-Key", IngressWebTest.API_KEY)
				.contentType(CloudEvents.STRUCTURED_MEDIA_TYPE)
				.content("""
						{"specversion": "1.0", "id": "ce-1", "source": "/payments", "type": "order.paid",
						 "time": "2026-11-23T10:00:00Z", "subject": "o-9", "tenant": "acme", "partitionkey": "o-9",
						 "datacontenttype": "application/json", "data": %s}""".formatted(PAID_DATA)))
			.andExpect(status().isAccepted());

		OutgoingEvent event = published();
		assertThat(event.metadata().id()).isEqualTo("ce-1");
		assertThat(event.metadata().source()).isEqualTo("/payments");
		assertThat(event.metadata().key()).isEqualTo("o-9");
		assertThat(event.metadata().time()).hasToString("2026-11-23T10:00:00Z");
		assertThat(event.metadata().headers()).containsOnly(java.util.Map.entry("subject", "o-9"),
				java.util.Map.entry("tenant", "acme"));
	}

	@Test
	void structuredModeRequiresTheCloudEventsAttributes() throws Exception {
		this.mvc
			.perform(post("/send").header("X-API-Key", IngressWebTest.API_KEY)
				.contentType(CloudEvents.STRUCTURED_MEDIA_TYPE)
				.content("{\"specversion\": \"0.3\", \"type\": \"order.paid\", \"Bad-Name\": 1, \"data\": {}}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].pointer").value(contains("/Bad-Name", "/id", "/source", "/specversion")));
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void structuredModeReportsDataProblemsUnderData() throws Exception {
		this.mvc
			.perform(post("/send").header("X-API-Key", IngressWebTest.API_KEY)
				.contentType(CloudEvents.STRUCTURED_MEDIA_TYPE)
				.content("""
						{"specversion": "1.0", "id": "x", "source": "/s", "type": "order.paid", "partitionkey": "o-1",
						 "data": %s}""".formatted(PAID_DATA)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].pointer").value("/partitionkey"));
	}

	@Test
	void binaryModeTakesAttributesFromHeadersAndTheDataFromTheBody() throws Exception {
		this.mvc
			.perform(post("/send").header("X-API-Key", IngressWebTest.API_KEY)
				.contentType(MediaType.APPLICATION_JSON)
				.header("ce-specversion", "1.0")
				.header("ce-id", "ce-2")
				.header("ce-source", "/payments")
				.header("ce-type", "order.paid")
				.header("ce-subject", "Bestellung%20f%C3%BCr%20M%C3%BCller")
				.content(PAID_DATA))
			.andExpect(status().isAccepted());

		OutgoingEvent event = published();
		assertThat(event.metadata().id()).isEqualTo("ce-2");
		assertThat(event.metadata().key()).isEqualTo("o-9");
		assertThat(event.metadata().headers()).containsEntry("subject", "Bestellung für Müller");
		assertThat(new String(event.data()))
			.isEqualTo("{\"orderId\":\"o-9\",\"paymentId\":\"p-1\",\"amount\":25.0," + "\"currency\":\"EUR\"}");
	}

	@Test
	void binaryModeNamesTheHeaderOrTheBodyPointerAtFault() throws Exception {
		this.mvc
			.perform(post("/send").header("X-API-Key", IngressWebTest.API_KEY)
				.contentType(MediaType.APPLICATION_JSON)
				.header("ce-specversion", "1.0")
				.header("ce-id", "ce-3")
				.header("ce-type", "order.paid")
				.header("ce-time", "yesterday")
				.content("{\"orderId\": \"o-9\", \"amount\": 0, \"currency\": \"EUR\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].header").value(contains("ce-source", "ce-time")))
			.andExpect(jsonPath("$.errors[0].pointer").doesNotExist());

		this.mvc
			.perform(post("/send").header("X-API-Key", IngressWebTest.API_KEY)
				.contentType(MediaType.APPLICATION_JSON)
				.header("ce-specversion", "1.0")
				.header("ce-id", "ce-3")
				.header("ce-source", "/s")
				.header("ce-type", "order.paid")
				.content("{\"orderId\": \"o-9\", \"amount\": 0, \"currency\": \"EUR\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].pointer").value(contains("/amount", "/paymentId")));
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void binaryModeNamesAHeaderThatIsNotPercentEncodedProperly() throws Exception {
		this.mvc
			.perform(post("/send").header("X-API-Key", IngressWebTest.API_KEY)
				.contentType(MediaType.APPLICATION_JSON)
				.header("ce-specversion", "1.0")
				.header("ce-id", "ce-4%")
				.header("ce-source", "/s")
				.header("ce-type", "order.cancelled")
				.header("ce-time", "%zz")
				.content("{\"orderId\": \"o-9\", \"reason\": \"r\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[*].header").value(contains("ce-id", "ce-time")));
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void binaryModeRefusesAttributesThatHoldNulOrAreNotUtf8() throws Exception {
		this.mvc
			.perform(post("/send").header("X-API-Key", IngressWebTest.API_KEY)
				.contentType(MediaType.APPLICATION_JSON)
				.header("ce-specversion", "1.0")
				.header("ce-id", "ce-5")
				// An overlong form of NUL, which a lenient decoder reads as U+FFFD.
				.header("ce-source", "/s%C0%80")
				.header("ce-type", "order.cancelled")
				.header("ce-subject", "a%00b")
				.content("{\"orderId\": \"o-9\", \"reason\": \"r\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[*].header").value(containsInAnyOrder("ce-source", "ce-subject")))
			.andExpect(jsonPath("$.errors[*].detail").value(containsInAnyOrder("is not UTF-8 once percent-decoded",
					"holds U+0000 (NUL) once percent-decoded")));
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void structuredModeRefusesABlankId() throws Exception {
		this.mvc
			.perform(post("/send").header("X-API-Key", IngressWebTest.API_KEY)
				.contentType(CloudEvents.STRUCTURED_MEDIA_TYPE)
				.content("""
						{"specversion": "1.0", "id": " ", "source": "/payments", "type": "order.paid",
						 "data": %s}""".formatted(PAID_DATA)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].pointer").value("/id"));
		then(this.publisher).should(never()).publish(any());
	}

	private OutgoingEvent published() {
		ArgumentCaptor<OutgoingEvent> captor = ArgumentCaptor.forClass(OutgoingEvent.class);
		then(this.publisher).should().publish(captor.capture());
		return captor.getValue();
	}

}
