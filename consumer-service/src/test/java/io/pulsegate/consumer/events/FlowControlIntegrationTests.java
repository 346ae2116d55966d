package io.pulsegate.consumer.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.pulsegate.consumer.TestEvents;
import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.SubscriptionBacklog;
import io.pulsegate.testsupport.TestDatabaseConfiguration;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

import static io.pulsegate.consumer.TestEvents.metadata;
import static io.pulsegate.consumer.TestEvents.paid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A handler that cannot keep up holds back the broker: the consumer takes no more than
 * its receiver queue allows, the rest stays on the topic, and all of it is handled, once,
 * when the handler catches up.
 */
@SpringBootTest(properties = { "pulsegate.consumer.subscription=flow-it", "pulsegate.consumer.receiver-queue-size=10",
		"pulsegate.consumer.audit-subscription=audit-flow-it" })
@Import({ SharedBrokerConfiguration.class, TestDatabaseConfiguration.class })
class FlowControlIntegrationTests {

	private static final int EVENTS = 300;

	private static final int QUEUE = 10;

	// The handler takes one permit per event: none until the test hands them out.
	private static final Semaphore capacity = new Semaphore(0);

	private static final CountDownLatch firstEventInHandler = new CountDownLatch(1);

	private static final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();

	@RegisterExtension
	static final TestEvents events = TestEvents.onNewTopic("flow-it");

	@TestBean
	private EventHandler eventHandler;

	@DynamicPropertySource
	static void uniqueTopic(DynamicPropertyRegistry registry) {
		registry.add("pulsegate.consumer.topic", events::topic);
	}

	static EventHandler eventHandler() {
		return (event) -> {
			firstEventInHandler.countDown();
			try {
				if (!capacity.tryAcquire(2, TimeUnit.MINUTES)) {
					throw new IllegalStateException("the test never let this event through");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			handled.computeIfAbsent(event.metadata().id(), (id) -> new AtomicInteger()).incrementAndGet();
		};
	}

	@Test
	void aStalledHandlerTakesNoMoreThanItsQueueAndLosesNothing() throws Exception {
		List<CompletableFuture<?>> sends = new ArrayList<>();
		for (int i = 0; i < EVENTS; i++) {
			sends.add(events.publishAsync(metadata("flow-" + i, "order.paid", "order-" + i), paid("order-" + i, "1")));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		assertThat(firstEventInHandler.await(30, TimeUnit.SECONDS)).isTrue();

		// While the handler is stuck, what the consumer took stays bounded by its queue.
		try (PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(SharedTestBroker.get().adminUrl()).build()) {
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(dispatched(admin)).isPositive());
			long dispatched = dispatched(admin);
			// The receiver queue (10), what the container took from it into its
			// batch, and no more: 20 when measured.
			assertThat(dispatched).as("messages the broker sent to the stalled consumer")
				.isLessThanOrEqualTo(3 * QUEUE);
			assertThat(SubscriptionBacklog.of(SharedTestBroker.get(), events.topic(), "flow-it"))
				.isGreaterThanOrEqualTo(EVENTS - dispatched);
		}

		capacity.release(EVENTS);

		await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == EVENTS);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(SubscriptionBacklog.of(SharedTestBroker.get(), events.topic(), "flow-it"))
				.isZero());
		assertThat(handled.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
	}

	private static long dispatched(PulsarAdmin admin) throws Exception {
		return admin.topics()
			.getStats(events.topic())
			.getSubscriptions()
			.get("flow-it")
			.getConsumers()
			.stream()
			.mapToLong((consumer) -> consumer.getMsgOutCounter())
			.sum();
	}

}
