package io.pulsegate.system.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;

/**
 * Order events as a shop would send them, once a second, with the mistakes that make the
 * dashboards and alerts show something: invalid requests (400), a wrong API key (401),
 * bursts over the tenant's rate (429), payments that do not match their order (rejected,
 * dead-lettered), and, straight onto the topic, undecodable messages (poison), a message
 * sent twice (duplicate) and payments for orders never placed (retried, then exhausted).
 */
final class OrderTraffic implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(OrderTraffic.class);

	private static final int ORDERS_PER_ROUND = 4;

	private static final int BURST_BATCH_SIZE = 20;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String ingressUrl;

	private final String apiKey;

	private final PulsarClient pulsar;

	private final Producer<byte[]> producer;

	private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "order-traffic");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicInteger round = new AtomicInteger();

	private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

	private OrderTraffic(String ingressUrl, String apiKey, PulsarClient pulsar, Producer<byte[]> producer) {
		this.ingressUrl = ingressUrl;
		this.apiKey = apiKey;
		this.pulsar = pulsar;
		this.producer = producer;
	}

	/**
	 * Starts sending, a round at once and then one a second.
	 * @param ingressUrl the ingress's base URL
	 * @param apiKey a valid API key
	 * @param pulsarServiceUrl the broker, for the messages no ingress would publish
	 * @param topic the topic the ingress routes order events to
	 * @return the running traffic, to be closed
	 * @throws PulsarClientException if the producer cannot be created
	 */
	static OrderTraffic start(String ingressUrl, String apiKey, String pulsarServiceUrl, String topic)
			throws PulsarClientException {
		PulsarClient pulsar = PulsarClient.builder().serviceUrl(pulsarServiceUrl).build();
		try {
			Producer<byte[]> producer = pulsar.newProducer(Schema.BYTES).topic(topic).enableBatching(false).create();
			OrderTraffic traffic = new OrderTraffic(ingressUrl, apiKey, pulsar, producer);
			traffic.rounds.scheduleAtFixedRate(traffic::sendRound, 0, 1, TimeUnit.SECONDS);
			return traffic;
		}
		catch (PulsarClientException ex) {
			pulsar.close();
			throw ex;
		}
	}

	/**
	 * The HTTP statuses the ingress has answered so far.
	 * @return the statuses
	 */
	Set<Integer> statuses() {
		return new TreeSet<>(this.statuses.keySet());
	}

	/** Stops sending and waits for a round under way. */
	@Override
	public void close() throws PulsarClientException, InterruptedException {
		this.rounds.shutdownNow();
		try {
			this.rounds.awaitTermination(30, TimeUnit.SECONDS);
		}
		finally {
			this.producer.close();
			this.pulsar.close();
		}
	}

	private void sendRound() {
		int n = this.round.incrementAndGet();
		try {
			for (int i = 0; i < ORDERS_PER_ROUND; i++) {
				String orderId = "order-" + n + "-" + i;
				post("/send/batch", this.apiKey, batch(placed(orderId, "12.50"), paid(orderId, "12.50")));
			}
			String mismatched = "order-" + n + "-mismatched";
			post("/send/batch", this.apiKey, batch(placed(mismatched, "30.00"), paid(mismatched, "3.00")));
			post("/send", this.apiKey,
					"{\"type\": \"order.placed\", \"data\": {\"orderId\": \"order-" + n + "-invalid\"}}");
			post("/send", "not-a-valid-api-key", placed("order-" + n + "-unauthorised", "1.00"));
			for (int burst = 0; burst < 2; burst++) {
				List<String> events = new ArrayList<>();
				for (int i = 0; i < BURST_BATCH_SIZE; i++) {
					events.add(placed("order-" + n + "-burst-" + burst + "-" + i, "5.00"));
				}
				post("/send/batch", this.apiKey, batch(events.toArray(String[]::new)));
			}
			publishDirectly(n);
		}
		catch (IOException | RuntimeException ex) {
			// The next round tries again; the test waits for what it needs.
			logger.warn("Round " + n + " of order traffic failed: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// What no ingress would publish: undecodable data, a message twice, a payment for an
	// order that does not exist.
	private void publishDirectly(int n) throws PulsarClientException {
		String orderId = "order-" + n + "-direct";
		publish(orderId, "order.placed", orderId + "/poison", "{not json");
		String twice = data(placed(orderId, "7.00"));
		publish(orderId, "order.placed", orderId + "/placed", twice);
		publish(orderId, "order.placed", orderId + "/placed", twice);
		String ghost = "order-" + n + "-never-placed";
		publish(ghost, "order.paid", ghost + "/paid", data(paid(ghost, "1.00")));
	}

	private void publish(String key, String type, String id, String data) throws PulsarClientException {
		this.producer.newMessage()
			.key(key)
			.properties(Map.of("ce_specversion", "1.0", "ce_id", id, "ce_type", type, "ce_source", "/monitoring-test"))
			.eventTime(System.currentTimeMillis())
			.value(data.getBytes(StandardCharsets.UTF_8))
			.send();
	}

	private void post(String path, String apiKey, String body) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.ingressUrl + path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header("X-API-Key", apiKey)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		int status = this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		this.statuses.computeIfAbsent(status, (key) -> new AtomicInteger()).incrementAndGet();
	}

	private static String placed(String orderId, String total) {
		return """
				{"type": "order.placed", "data": {"orderId": "%s", "customerId": "c-1",
				 "lines": [{"sku": "BOOK-1", "quantity": 1, "unitPrice": %s}], "total": %s, "currency": "EUR"}}"""
			.formatted(orderId, total, total);
	}

	private static String paid(String orderId, String amount) {
		return """
				{"type": "order.paid", "data": {"orderId": "%s", "paymentId": "p-%s", "amount": %s, "currency": "EUR"}}"""
			.formatted(orderId, orderId, amount);
	}

	private static String batch(String... events) {
		return "{\"events\": [" + String.join(", ", events) + "]}";
	}

	// The data of an envelope, as the ingress would put it on the topic.
	private static String data(String envelope) {
		return envelope.substring(envelope.indexOf("\"data\": ") + "\"data\": ".length(), envelope.length() - 1);
	}

}
