package io.pulsegate.consumer.hostile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.pulsegate.consumer.ConsumerApplication;
import io.pulsegate.consumer.deadletters.DeadLetters;
import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.SubscriptionBacklog;
import io.pulsegate.testsupport.TestDatabaseConfiguration;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.TypedMessageBuilder;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The consumer as it runs, on the shared test broker and a database schema of its own,
 * subscribed to a topic of its own: a raw producer puts messages straight onto that
 * topic, as a misbehaving producer would, and a reader follows its dead-letter topic.
 * jqwik properties do not run in Spring's test context, so the application is started
 * here.
 */
final class RunningConsumer implements AutoCloseable {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final String AUDIT_SUBSCRIPTION = "audit-hostile-it";

	private static final HttpClient http = HttpClient.newHttpClient();

	private final ConfigurableApplicationContext context;

	private final String topic;

	private final PulsarClient client;

	private final Producer<byte[]> producer;

	private final Reader<byte[]> deadLetters;

	// Letters read off the dead-letter topic, by the topic and message id they came from.
	private final Map<String, Message<byte[]>> lettersByOrigin = new HashMap<>();

	private RunningConsumer(ConfigurableApplicationContext context, String topic, PulsarClient client,
			Producer<byte[]> producer, Reader<byte[]> deadLetters) {
		this.context = context;
		this.topic = topic;
		this.client = client;
		this.producer = producer;
		this.deadLetters = deadLetters;
	}

	static RunningConsumer start() throws PulsarClientException {
		String topic = "persistent://public/default/hostile-" + UUID.randomUUID();
		// Arguments, as they override application.yml; short backoffs, as in the other
		// tests.
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ConsumerApplication.class,
				SharedBrokerConfiguration.class, TestDatabaseConfiguration.class)
			.run("--server.port=0", "--pulsegate.consumer.topic=" + topic,
					"--pulsegate.consumer.subscription=hostile-it",
					"--pulsegate.consumer.audit-subscription=" + AUDIT_SUBSCRIPTION,
					"--pulsegate.consumer.max-deliveries=3", "--pulsegate.consumer.redelivery.min-delay=100ms",
					"--pulsegate.consumer.redelivery.max-delay=200ms");
		PulsarClient client = PulsarClient.builder().serviceUrl(SharedTestBroker.get().serviceUrl()).build();
		// One message per entry: its id on the topic is the id the producer was given.
		Producer<byte[]> producer = client.newProducer(Schema.BYTES).topic(topic).enableBatching(false).create();
		Reader<byte[]> deadLetters = client.newReader(Schema.BYTES)
			.topic(context.getBean(DeadLetters.class).topic())
			.startMessageId(MessageId.earliest)
			.create();
		return new RunningConsumer(context, topic, client, producer, deadLetters);
	}

	/**
	 * Publishes a message as it is, with no more properties than it has.
	 * @param message the message
	 * @return its id on the topic
	 * @throws PulsarClientException if the broker did not take it
	 */
	MessageId publish(HostileMessage message) throws PulsarClientException {
		TypedMessageBuilder<byte[]> builder = this.producer.newMessage()
			.properties(message.properties())
			.value(message.payload());
		if (message.key() != null) {
			builder.key(message.key());
		}
		if (message.eventTime() > 0) {
			builder.eventTime(message.eventTime());
		}
		return builder.send();
	}

	/**
	 * Waits for the dead letter of a message.
	 * @param id the message's id on the topic
	 * @return the letter
	 * @throws PulsarClientException if the dead-letter topic cannot be read
	 * @throws AssertionError if no letter came within 30 seconds
	 */
	Message<byte[]> awaitDeadLetter(MessageId id) throws PulsarClientException {
		String origin = this.topic + "@" + id;
		Instant deadline = Instant.now().plus(PATIENCE);
		while (!this.lettersByOrigin.containsKey(origin)) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("No dead letter of " + origin + " within " + PATIENCE);
			}
			Message<byte[]> letter = this.deadLetters.readNext(1, TimeUnit.SECONDS);
			if (letter != null) {
				this.lettersByOrigin.put(letter.getProperty(DeadLetters.ORIGIN), letter);
			}
		}
		return this.lettersByOrigin.get(origin);
	}

	/**
	 * Rows of the order projection, applied events included.
	 * @return how many there are
	 */
	long projectedRows() {
		JdbcClient jdbc = this.context.getBean(JdbcClient.class);
		return jdbc.sql("SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM applied_events)")
			.query(Long.class)
			.single();
	}

	boolean orderExists(String orderId) {
		return this.context.getBean(JdbcClient.class)
			.sql("SELECT count(*) FROM orders WHERE order_id = ?")
			.param(orderId)
			.query(Long.class)
			.single() == 1;
	}

	/**
	 * Messages the audit subscription has not acknowledged yet.
	 * @return its backlog
	 */
	long auditBacklog() {
		return SubscriptionBacklog.of(SharedTestBroker.get(), this.topic, AUDIT_SUBSCRIPTION);
	}

	/**
	 * The consumer's health, as a probe sees it.
	 * @return the status code of {@code GET /actuator/health}
	 */
	int health() throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		return http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	@Override
	public void close() throws IOException {
		try {
			this.deadLetters.close();
			this.producer.close();
			this.client.close();
		}
		finally {
			this.context.close();
		}
	}

}
