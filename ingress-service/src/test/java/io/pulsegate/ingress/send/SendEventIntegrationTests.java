package io.pulsegate.ingress.send;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.TopicContents;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageIdAdv;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionType;
import org.apache.pulsar.common.schema.SchemaInfo;
import org.apache.pulsar.common.schema.SchemaType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "pulsegate.ingress.routes[0].topic=persistent://public/default/send-it-${random.uuid}",
				"pulsegate.ingress.routes[0].types[0]=order.placed" })
@Import(SharedBrokerConfiguration.class)
class SendEventIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EventRoutes routes;

	@Test
	void anAcceptedEventIsOnTheTopicWithItsKeyTimeAndProperties() throws Exception {
		HttpResponse<String> response = HttpJson.post(sendUrl(), """
				{"id": "evt-42", "type": "order.placed", "source": "/checkout", "time": "2026-11-23T10:00:00Z",
				 "key": "order-42", "headers": {"tenant": "acme"}, "data": %s}"""
			.formatted(OrderJson.placedData("order-42")));

		assertThat(response.statusCode()).isEqualTo(202);
		JsonNode body = HttpJson.body(response);
		assertThat(body.get("id").asString()).isEqualTo("evt-42");
		assertThat(body.get("topic").asString()).isEqualTo(topic());

		Message<byte[]> message = onlyMessageWithId("evt-42");
		assertThat(message.getMessageId().toString()).isEqualTo(body.get("messageId").asString());
		assertThat(message.getKey()).isEqualTo("order-42");
		assertThat(message.getEventTime()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z").toEpochMilli());
		assertThat(message.getProperties()).containsEntry("ce_specversion", "1.0")
			.containsEntry("ce_type", "order.placed")
			.containsEntry("ce_source", "/checkout")
			.containsEntry("tenant", "acme");
		assertThat(JsonMapper.shared().readTree(new String(message.getData(), StandardCharsets.UTF_8)))
			.isEqualTo(JsonMapper.shared().readTree(OrderJson.placedData("order-42")));
	}

	@Test
	void anEventWithoutIdKeyOrTimeGetsAnIdItsOrderAsKeyAndTheTimeOfReceipt() throws Exception {
		Instant before = Instant.now();

		HttpResponse<String> response = HttpJson.post(sendUrl(), OrderJson.placed("order-43"));

		assertThat(response.statusCode()).isEqualTo(202);
		Message<byte[]> message = onlyMessageWithId(HttpJson.body(response).get("id").asString());
		assertThat(message.getKey()).isEqualTo("order-43");
		assertThat(message.getEventTime()).isBetween(before.toEpochMilli(), Instant.now().toEpochMilli());
		assertThat(message.getProperty("ce_source")).isEqualTo("urn:pulsegate:ingress");
	}

	@Test
	void theThreeFormsPublishTheSameMessage() throws Exception {
		String data = OrderJson.placedData("order-50");
		HttpResponse<String> envelope = HttpJson.post(sendUrl(), """
				{"id": "form-envelope", "type": "order.placed", "source": "/shop", "time": "2026-11-23T10:00:00Z",
				 "headers": {"subject": "s"}, "data": %s}""".formatted(data));
		HttpResponse<String> structured = HttpJson.post(sendUrl(), "application/cloudevents+json", Map.of(), """
				{"specversion": "1.0", "id": "form-structured", "type": "order.placed", "source": "/shop",
				 "time": "2026-11-23T10:00:00Z", "subject": "s", "data": %s}""".formatted(data));
		HttpResponse<String> binary = HttpJson.post(
				sendUrl(), "application/json", Map.of("ce-specversion", "1.0", "ce-id", "form-binary", "ce-type",
						"order.placed", "ce-source", "/shop", "ce-time", "2026-11-23T10:00:00Z", "ce-subject", "s"),
				data);

		assertThat(List.of(envelope, structured, binary)).extracting(HttpResponse::statusCode)
			.containsExactly(202, 202, 202);
		List<Message<byte[]>> messages = List.of(onlyMessageWithId("form-envelope"),
				onlyMessageWithId("form-structured"), onlyMessageWithId("form-binary"));
		for (Message<byte[]> message : messages) {
			assertThat(message.getKey()).isEqualTo("order-50");
			assertThat(message.getEventTime()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z").toEpochMilli());
			assertThat(message.getProperties()).containsEntry("ce_type", "order.placed")
				.containsEntry("ce_source", "/shop")
				.containsEntry("subject", "s");
			assertThat(message.getData()).isEqualTo(messages.get(0).getData());
		}
	}

	@Test
	void aBatchPublishesItsValidEventsAndReportsTheInvalidOne() throws Exception {
		String valid = OrderJson.placed("order-60").replace("{\"type\"", "{\"id\": \"batch-a\", \"type\"");
		String invalid = "{\"id\": \"batch-b\", \"type\": \"order.placed\", \"data\": {\"orderId\": \"order-60\"}}";
		String alsoValid = OrderJson.placed("order-61").replace("{\"type\"", "{\"id\": \"batch-c\", \"type\"");

		HttpResponse<String> response = HttpJson.post(sendUrl() + "/batch",
				"{\"events\": [" + valid + "," + invalid + "," + alsoValid + "]}");

		assertThat(response.statusCode()).isEqualTo(207);
		JsonNode results = HttpJson.body(response).get("results");
		assertThat(results.get(0).get("status").asInt()).isEqualTo(202);
		assertThat(results.get(1).get("status").asInt()).isEqualTo(400);
		assertThat(results.get(2).get("status").asInt()).isEqualTo(202);
		assertThat(onlyMessageWithId("batch-a").getMessageId()).hasToString(results.get(0).get("messageId").asString());
		assertThat(onlyMessageWithId("batch-c").getMessageId()).hasToString(results.get(2).get("messageId").asString());
		assertThat(TopicContents.readAll(SharedTestBroker.get(), topic()))
			.noneMatch((message) -> "batch-b".equals(message.getProperty("ce_id")));
	}

	@Test
	void everyEventIsAMessageOfItsOwnEvenWhenABatchHoldsSeveralOfOneKey() throws Exception {
		List<String> ids = IntStream.range(0, 20).mapToObj((index) -> "own-" + index).toList();
		String events = ids.stream().map((id) -> withId(OrderJson.placed("order-70"), id)).collect(joining(","));

		HttpResponse<String> response = HttpJson.post(sendUrl() + "/batch", "{\"events\": [" + events + "]}");

		assertThat(response.statusCode()).isEqualTo(202);
		List<MessageIdAdv> messageIds = TopicContents.readAll(SharedTestBroker.get(), topic())
			.stream()
			.filter((message) -> ids.contains(message.getProperty("ce_id")))
			.map((message) -> (MessageIdAdv) message.getMessageId())
			.toList();
		assertThat(messageIds).hasSameSizeAs(ids);
		assertThat(messageIds).extracting(MessageIdAdv::getBatchIndex).containsOnly(-1);
		assertThat(messageIds).extracting(MessageIdAdv::getEntryId).doesNotHaveDuplicates();
	}

	@Test
	void anAsyncSendIsAnsweredOnceQueuedAndTheEventStillArrives() throws Exception {
		HttpResponse<String> response = HttpJson.post(sendUrl() + "?async=true",
				withId(OrderJson.placed("order-80"), "async-1"));

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.headers().firstValue("Preference-Applied")).hasValue("respond-async");
		assertThat(HttpJson.body(response).get("status").asString()).isEqualTo("queued");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> onlyMessageWithId("async-1"));
	}

	@Test
	void aScheduledEventIsOnTheTopicButWithheldFromSubscribersUntilItsTime() throws Exception {
		try (PulsarClient client = PulsarClient.builder().serviceUrl(SharedTestBroker.get().serviceUrl()).build();
				Consumer<byte[]> subscriber = client.newConsumer()
					.topic(topic())
					.subscriptionName("scheduled-" + UUID.randomUUID())
					.subscriptionType(SubscriptionType.Shared)
					.subscribe()) {
			String scheduled = withId(OrderJson.placed("order-81"), "in-an-hour").replaceFirst("\\{",
					"{\"deliverAfter\": \"PT1H\", ");
			assertThat(HttpJson.post(sendUrl(), scheduled).statusCode()).isEqualTo(202);
			assertThat(HttpJson.post(sendUrl(), withId(OrderJson.placed("order-82"), "right-away")).statusCode())
				.isEqualTo(202);

			List<String> received = new ArrayList<>();
			while (!received.contains("right-away")) {
				Message<byte[]> message = subscriber.receive(30, TimeUnit.SECONDS);
				assertThat(message).as("the on-time event within 30 s").isNotNull();
				received.add(message.getProperty("ce_id"));
				subscriber.acknowledge(message);
			}
			assertThat(received).doesNotContain("in-an-hour");
			onlyMessageWithId("in-an-hour");
		}
	}

	@Test
	void theRoutedTopicHasBrokerDeduplicationSwitchedOn() throws Exception {
		try (PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(SharedTestBroker.get().adminUrl()).build()) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(admin.topicPolicies().getDeduplicationStatus(topic())).isTrue());
		}
	}

	@Test
	void theTopicCarriesTheEventSchemaAndTheBrokerRefusesAnIncompatibleOne() throws Exception {
		assertThat(HttpJson.post(sendUrl(), OrderJson.placed("order-90")).statusCode()).isEqualTo(202);
		SchemaInfo registered;
		try (PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(SharedTestBroker.get().adminUrl()).build()) {
			registered = admin.schemas().getSchemaInfo(topic());
		}
		String definition = new String(registered.getSchema(), StandardCharsets.UTF_8);
		assertThat(registered.getType()).isEqualTo(SchemaType.JSON);
		assertThat(definition).contains("\"customerId\"", "\"lines\"", "\"total\"");

		String numericOrderId = definition.replace("{\"name\":\"orderId\",\"type\":[\"null\",\"string\"]",
				"{\"name\":\"orderId\",\"type\":[\"null\",\"int\"]");
		assertThat(numericOrderId).isNotEqualTo(definition);
		SchemaInfo incompatible = SchemaInfo.builder()
			.name(registered.getName())
			.type(SchemaType.JSON)
			.schema(numericOrderId.getBytes(StandardCharsets.UTF_8))
			.properties(registered.getProperties())
			.build();
		try (PulsarClient client = PulsarClient.builder().serviceUrl(SharedTestBroker.get().serviceUrl()).build()) {
			assertThatExceptionOfType(PulsarClientException.IncompatibleSchemaException.class)
				.isThrownBy(() -> client.newProducer(Schema.generic(incompatible)).topic(topic()).create());
		}
	}

	@Test
	void rejectedRequestsPublishNothing() throws Exception {
		int before = TopicContents.readAll(SharedTestBroker.get(), topic()).size();

		assertThat(HttpJson.post(sendUrl(), "{\"type\": \"order.placed\", \"data\": ").statusCode()).isEqualTo(400);
		assertThat(HttpJson.post(sendUrl(), "{\"type\": \"order.placed\", \"data\": {}}").statusCode()).isEqualTo(400);
		assertThat(HttpJson.post(sendUrl(), "{\"type\": \"nobody.knows\", \"data\": {}}").statusCode()).isEqualTo(400);
		HttpResponse<String> sentinel = HttpJson.post(sendUrl(),
				OrderJson.placed("order-44").replace("{\"type\"", "{\"id\": \"sentinel\", \"type\""));
		assertThat(sentinel.statusCode()).isEqualTo(202);

		List<Message<byte[]>> after = TopicContents.readAll(SharedTestBroker.get(), topic());
		assertThat(after).hasSize(before + 1);
		assertThat(after.get(after.size() - 1).getProperty("ce_id")).isEqualTo("sentinel");
	}

	@Test
	void malformedInputIsAProblemDocumentNamingEachViolation() throws Exception {
		HttpResponse<String> response = HttpJson.post(sendUrl(), "{\"key\": \"\"}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(HttpJson.body(response).get("errors").findValuesAsString("pointer")).containsExactly("/data", "/key",
				"/type");
	}

	private static String withId(String event, String id) {
		return event.replaceFirst("\\{", "{\"id\": \"" + id + "\", ");
	}

	private Message<byte[]> onlyMessageWithId(String id) {
		List<Message<byte[]>> messages = TopicContents.readAll(SharedTestBroker.get(), topic())
			.stream()
			.filter((message) -> id.equals(message.getProperty("ce_id")))
			.toList();
		assertThat(messages).hasSize(1);
		return messages.get(0);
	}

	private String topic() {
		return this.routes.topics().get(0).topicName();
	}

	private String sendUrl() {
		return "http://127.0.0.1:" + this.port + "/send";
	}

}
