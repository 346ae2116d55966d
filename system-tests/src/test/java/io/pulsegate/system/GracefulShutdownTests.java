package io.pulsegate.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.pulsegate.testsupport.ServiceProcess;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.TestBroker;
import io.pulsegate.testsupport.TopicContents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM to an ingress under load: it stops taking requests, finishes those in flight
 * and flushes its producer, so every event a client got a 202 for is on the topic.
 */
class GracefulShutdownTests {

	private static final String API_KEY = "graceful-shutdown-key";

	private static final int CLIENTS = 8;

	// Bounds the run whatever happens: at most this many requests per client.
	private static final int MAX_REQUESTS_PER_CLIENT = 2_000;

	private final TestBroker broker = SharedTestBroker.get();

	private final String topic = "persistent://public/default/shutdown-" + UUID.randomUUID();

	@Test
	void noEventAcknowledgedToAClientIsLostWhenTheIngressStopsUnderLoad() throws Exception {
		ServiceProcess ingress = ServiceProcess.start("ingress-shutdown",
				Path.of(System.getProperty("pulsegate.ingress.jar")),
				Map.of("spring.pulsar.client.service-url", this.broker.serviceUrl(), "spring.pulsar.admin.service-url",
						this.broker.adminUrl(), "pulsegate.ingress.routes[0].topic", this.topic,
						"pulsegate.ingress.routes[0].types[0]", "order.placed", "pulsegate.security.api-keys[0].key",
						API_KEY, "pulsegate.security.api-keys[0].tenant", "public"),
				Path.of(System.getProperty("pulsegate.logs")));
		try (ingress) {
			ingress.awaitHealthy(Duration.ofMinutes(2));
			Set<String> acknowledged = ConcurrentHashMap.newKeySet();
			AtomicInteger refused = new AtomicInteger();
			ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
			List<Future<?>> running = IntStream.range(0, CLIENTS)
				.mapToObj((client) -> clients.submit(() -> sendUntilRefused(ingress, client, acknowledged, refused)))
				.collect(Collectors.toList());
			await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 300);

			boolean stoppedGracefully = ingress.stop();

			for (Future<?> client : running) {
				client.get(60, TimeUnit.SECONDS);
			}
			clients.shutdown();
			System.out.printf("Graceful shutdown under load: %d events acknowledged (half of the clients async), "
					+ "%d refused while stopping%n", acknowledged.size(), refused.get());
			assertThat(stoppedGracefully).as("ingress exited on SIGTERM within 30 s").isTrue();
			Set<String> onTopic = TopicContents.readAll(this.broker, this.topic)
				.stream()
				.map((message) -> message.getProperty("ce_id"))
				.collect(Collectors.toSet());
			assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);
			assertThat(onTopic).containsAll(acknowledged);
		}
	}

	private static void sendUntilRefused(ServiceProcess ingress, int client, Set<String> acknowledged,
			AtomicInteger refused) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		for (int i = 0; i < MAX_REQUESTS_PER_CLIENT; i++) {
			String id = "c" + client + "-" + i;
			String body = """
					{"id": "%s", "type": "order.placed", "data": {"orderId": "o-%d", "customerId": "c",
					 "lines": [{"sku": "A", "quantity": 1, "unitPrice": 1.0}], "total": 1.0, "currency": "EUR"}}"""
				.formatted(id, client);
			try {
				String path = (client % 2 == 0) ? "/send" : "/send?async=true";
				HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ingress.url() + path))
					.header("Content-Type", "application/json")
					.header("X-API-Key", API_KEY)
					.timeout(Duration.ofSeconds(20))
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 202) {
					acknowledged.add(id);
				}
				else {
					refused.incrementAndGet();
				}
			}
			catch (IOException ex) {
				// The ingress has stopped listening: this client is done.
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
