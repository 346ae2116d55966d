package io.pulsegate.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.pulsegate.events.EventMetadata;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.SubscriptionBacklog;
import org.apache.pulsar.client.api.BatcherBuilder;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.pulsar.listener.MessageListenerContainer;

/**
 * Publishes events to a topic as the ingress does: CloudEvents attributes as properties,
 * the order id as key, batched by key so that Key_Shared consumers keep each key's order.
 * Connects on first use; as a JUnit extension ({@code @RegisterExtension}) it closes
 * after the test class.
 */
public final class TestEvents implements AfterAllCallback, AutoCloseable {

	private final String topic;

	private PulsarClient client;

	private Producer<byte[]> producer;

	public TestEvents(String topic) {
		this.topic = topic;
	}

	/**
	 * Events for a topic of its own, so that an external broker's leftovers never count.
	 * @param name the start of the topic's name
	 * @return events for {@code persistent://public/default/<name>-<random>}
	 */
	public static TestEvents onNewTopic(String name) {
		return new TestEvents("persistent://public/default/" + name + "-" + UUID.randomUUID());
	}

	public String topic() {
		return this.topic;
	}

	public static EventMetadata metadata(String id, String type, String key) {
		return new EventMetadata(id, type, "/test", Instant.parse("2026-11-23T10:00:00Z"), key,
				Map.of("tenant", "acme"));
	}

	public static String placed(String orderId) {
		return """
				{"orderId": "%s", "customerId": "c-1", "lines": [{"sku": "A", "quantity": 2, "unitPrice": 9.5}],
				 "total": 19.0, "currency": "EUR"}""".formatted(orderId);
	}

	public static String paid(String orderId, String amount) {
		return """
				{"orderId": "%s", "paymentId": "p-%s", "amount": %s, "currency": "EUR"}""".formatted(orderId, orderId,
				amount);
	}

	public static String cancelled(String orderId) {
		return """
				{"orderId": "%s", "reason": "changed my mind"}""".formatted(orderId);
	}

	public MessageId publish(EventMetadata metadata, String data) throws PulsarClientException {
		return producer().newMessage()
			.key(metadata.key())
			.eventTime(metadata.time().toEpochMilli())
			.properties(metadata.toMessageProperties())
			.value(data.getBytes(StandardCharsets.UTF_8))
			.send();
	}

	public CompletableFuture<MessageId> publishAsync(EventMetadata metadata, String data) throws PulsarClientException {
		return producer().newMessage()
			.key(metadata.key())
			.eventTime(metadata.time().toEpochMilli())
			.properties(metadata.toMessageProperties())
			.value(data.getBytes(StandardCharsets.UTF_8))
			.sendAsync();
	}

	/**
	 * Publishes raw bytes with only the given properties, as a misbehaving producer
	 * would.
	 * @param properties the message properties
	 * @param data the payload
	 * @throws PulsarClientException if the broker refused it
	 */
	public void publishRaw(Map<String, String> properties, String data) throws PulsarClientException {
		producer().newMessage().properties(properties).value(data.getBytes(StandardCharsets.UTF_8)).send();
	}

	/**
	 * Messages of this topic a subscription has not acknowledged yet.
	 * @param subscription the subscription
	 * @return its backlog
	 */
	public long backlog(String subscription) {
		return SubscriptionBacklog.of(SharedTestBroker.get(), this.topic, subscription);
	}

	/**
	 * Publishes while a listener is stopped and starts it again after, so that its first
	 * receive takes everything published in one batch.
	 * @param listener the listener's container
	 * @param publishing what to publish
	 * @throws Exception what publishing threw
	 */
	public static void whileStopped(MessageListenerContainer listener, Publishing publishing) throws Exception {
		listener.stop();
		try {
			publishing.publish();
		}
		finally {
			listener.start();
		}
	}

	private synchronized Producer<byte[]> producer() throws PulsarClientException {
		if (this.producer == null) {
			this.client = PulsarClient.builder().serviceUrl(SharedTestBroker.get().serviceUrl()).build();
			this.producer = this.client.newProducer(Schema.BYTES)
				.topic(this.topic)
				.batcherBuilder(BatcherBuilder.KEY_BASED)
				.create();
		}
		return this.producer;
	}

	@Override
	public void afterAll(ExtensionContext context) throws PulsarClientException {
		close();
	}

	@Override
	public synchronized void close() throws PulsarClientException {
		if (this.client != null) {
			this.client.close();
			this.client = null;
			this.producer = null;
		}
	}

	/** Publishes events. */
	@FunctionalInterface
	public interface Publishing {

		void publish() throws Exception;

	}

}
