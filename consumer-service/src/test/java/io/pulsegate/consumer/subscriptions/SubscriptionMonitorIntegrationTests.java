package io.pulsegate.consumer.subscriptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsegate.consumer.events.ConsumerProperties;
import io.pulsegate.consumer.events.ConsumerProperties.Batch;
import io.pulsegate.consumer.events.ConsumerProperties.Redelivery;
import io.pulsegate.consumer.events.ConsumerProperties.Stall;
import io.pulsegate.testsupport.SharedTestBroker;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The monitor against a real broker, on a namespace whose subscriptions may hold at most
 * {@value #MAX_UNACKED} unacknowledged messages: a consumer that holds that many leaves
 * the rest of the backlog due with room to take it, and the broker sends nothing more.
 */
class SubscriptionMonitorIntegrationTests {

	private static final int MAX_UNACKED = 5;

	private static final String SUBSCRIPTION = "stall-it";

	private static final String NAMESPACE = "public/stall-it-" + UUID.randomUUID().toString().substring(0, 8);

	private static PulsarAdmin admin;

	private static PulsarClient client;

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final String topic = "persistent://" + NAMESPACE + "/orders-" + UUID.randomUUID();

	@BeforeAll
	static void namespaceWithUnackedLimit() throws Exception {
		admin = PulsarAdmin.builder().serviceHttpUrl(SharedTestBroker.get().adminUrl()).build();
		client = PulsarClient.builder().serviceUrl(SharedTestBroker.get().serviceUrl()).build();
		admin.namespaces().createNamespace(NAMESPACE);
		admin.namespaces().setMaxUnackedMessagesPerSubscription(NAMESPACE, MAX_UNACKED);
	}

	@AfterAll
	static void close() throws Exception {
		client.close();
		for (String topic : admin.topics().getList(NAMESPACE)) {
			admin.topics().delete(topic, true);
		}
		admin.namespaces().deleteNamespace(NAMESPACE);
		admin.close();
	}

	@Test
	void subscriptionThatReceivesNothingWhileMessagesAreDueIsReportedStalledUntilItReceivesAgain() throws Exception {
		SubscriptionMonitor monitor = monitor(false);
		try (Consumer<String> consumer = subscribe(); Producer<String> producer = producer()) {
			List<Message<String>> held = holdUpToTheLimit(consumer, producer);
			send(producer, 20);

			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				monitor.refresh();
				assertThat(gauge("pulsegate.consumer.subscription.stalled")).isEqualTo(1);
			});
			assertThat(gauge("pulsegate.consumer.subscription.backlog")).isEqualTo(MAX_UNACKED + 20);
			assertThat(this.meters.get("pulsegate.consumer.subscription.unloads").counter().count()).isZero();

			for (Message<String> message : held) {
				consumer.acknowledge(message);
			}
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				monitor.refresh();
				assertThat(gauge("pulsegate.consumer.subscription.stalled")).isZero();
			});
		}
	}

	@Test
	void stallUnloadsTheTopicWhenConfiguredTo() throws Exception {
		SubscriptionMonitor monitor = monitor(true);
		try (Consumer<String> consumer = subscribe(); Producer<String> producer = producer()) {
			holdUpToTheLimit(consumer, producer);
			send(producer, 20);

			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				monitor.refresh();
				assertThat(this.meters.get("pulsegate.consumer.subscription.unloads").counter().count()).isOne();
			});
			// A fresh dispatcher sends the held messages again.
			Message<String> again = consumer.receive(30, TimeUnit.SECONDS);
			assertThat(again).isNotNull();
		}
	}

	@Test
	void messagesHeldForDelayedDeliveryDoNotCountAsStalled() throws Exception {
		SubscriptionMonitor monitor = monitor(false);
		try (Consumer<String> consumer = subscribe(); Producer<String> producer = producer()) {
			for (int i = 0; i < 20; i++) {
				producer.newMessage().value("later-" + i).deliverAfter(1, TimeUnit.HOURS).send();
			}
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				monitor.refresh();
				assertThat(gauge("pulsegate.consumer.subscription.backlog")).isEqualTo(20);
			});
			// Several times the stall window, sampled all along.
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
				monitor.refresh();
				return gauge("pulsegate.consumer.subscription.stalled") == 0;
			});
		}
	}

	private SubscriptionMonitor monitor(boolean unload) {
		ConsumerProperties properties = new ConsumerProperties(this.topic, SUBSCRIPTION,
				new Redelivery(Duration.ofSeconds(1), Duration.ofSeconds(60), 2), false, 5, SUBSCRIPTION + "-audit", 1,
				1, 1000, Duration.ofMillis(200), new Stall(Duration.ofMillis(500), unload),
				new Batch(500, Duration.ofMillis(10)));
		return new SubscriptionMonitor(admin, properties, this.meters);
	}

	private Consumer<String> subscribe() throws Exception {
		return client.newConsumer(Schema.STRING)
			.topic(this.topic)
			.subscriptionName(SUBSCRIPTION)
			.subscriptionType(SubscriptionType.Shared)
			.receiverQueueSize(100)
			.subscribe();
	}

	private Producer<String> producer() throws Exception {
		return client.newProducer(Schema.STRING).topic(this.topic).enableBatching(false).create();
	}

	// The consumer takes as many as the broker lets it hold, and acknowledges none.
	private List<Message<String>> holdUpToTheLimit(Consumer<String> consumer, Producer<String> producer)
			throws Exception {
		send(producer, MAX_UNACKED);
		List<Message<String>> held = new ArrayList<>();
		for (int i = 0; i < MAX_UNACKED; i++) {
			Message<String> message = consumer.receive(30, TimeUnit.SECONDS);
			assertThat(message).isNotNull();
			held.add(message);
		}
		return held;
	}

	private static void send(Producer<String> producer, int count) throws Exception {
		for (int i = 0; i < count; i++) {
			producer.send("event-" + i);
		}
	}

	private double gauge(String name) {
		return this.meters.get(name).tag("subscription", SUBSCRIPTION).gauge().value();
	}

}
