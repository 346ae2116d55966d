package io.pulsegate.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pulsegate.testsupport.ServiceProcess;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.TestBroker;
import io.pulsegate.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kubernetes autoscalers scale on series that the services, as they ship, really
 * export: every series a Prometheus Adapter rule in
 * {@code k8s/monitoring/prometheus-adapter-values.yaml} reads comes from the service its
 * {@code job} names, with the labels the rule and the autoscaler's selector use.
 */
class AutoscalingMetricsTests {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

	private static final String API_KEY = "autoscaling-metrics-key";

	private static final String TOPIC = "persistent://public/default/autoscaling-" + UUID.randomUUID();

	private static final Pattern seriesQuery = Pattern.compile("^\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{(.*)}\\s*$");

	private static final Pattern labelMatcher = Pattern
		.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!=|!~|=)\\s*\"([^\"]*)\"");

	private static final Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+\\S+$");

	private static final Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	/** Labels Prometheus gives a series when it scrapes it, not the service. */
	private static final List<String> scrapeLabels = List.of("job", "namespace", "pod", "instance");

	private static final TestBroker broker = SharedTestBroker.get();

	private static final TestDatabase.Schema database = TestDatabase.newSchema("autoscaling");

	private static ServiceProcess ingress;

	private static ServiceProcess consumer;

	@BeforeAll
	static void startServices() throws Exception {
		// The subscription keeps its shipped name, the one the consumer's autoscaler
		// selects.
		consumer = Services.startConsumer("consumer-autoscaling", broker, TOPIC, database,
				Map.of("pulsegate.consumer.backlog-interval", "1s"));
		ingress = Services.startIngress("ingress-autoscaling", broker, TOPIC, API_KEY, Map.of());
		consumer.awaitHealthy(START_TIMEOUT);
		ingress.awaitHealthy(START_TIMEOUT);
	}

	@AfterAll
	static void stopServices() {
		boolean ingressStopped = (ingress == null) || ingress.stop();
		boolean consumerStopped = (consumer == null) || consumer.stop();
		assertThat(ingressStopped).as("ingress stopped on SIGTERM").isTrue();
		assertThat(consumerStopped).as("consumer stopped on SIGTERM").isTrue();
	}

	@Test
	void theIngressExportsTheRequestCountItsAutoscalerScalesOn() throws Exception {
		JsonNode rule = rule("custom", "ingress");
		String name = seriesName(rule);

		assertThat(send().statusCode()).isEqualTo(202);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(series(ingress, name))
				.anySatisfy((labels) -> assertThat(labels).containsEntry("uri", "/send")
					.containsKeys(labelsUsedBy(rule).toArray(String[]::new))));
	}

	@Test
	void theConsumerExportsTheBacklogOfTheSubscriptionItsAutoscalerSelects() {
		JsonNode rule = rule("external", "consumer");
		Map<String, String> selector = new LinkedHashMap<>();
		repositoryYaml("k8s/base/consumer-hpa.yaml").at("/spec/metrics/0/external/metric/selector/matchLabels")
			.properties()
			.forEach((entry) -> selector.put(entry.getKey(), entry.getValue().asText()));

		assertThat(selector).isNotEmpty();
		assertThat(series(consumer, seriesName(rule)))
			.anySatisfy((labels) -> assertThat(labels).containsAllEntriesOf(selector)
				.containsEntry("topic", TOPIC)
				.containsKeys(labelsUsedBy(rule).toArray(String[]::new)));
	}

	@Test
	void everyAdapterRuleReadsASeriesOfTheServiceItsJobNames() {
		Map<String, ServiceProcess> services = Map.of("ingress", ingress, "consumer", consumer);
		JsonNode rules = repositoryYaml("k8s/monitoring/prometheus-adapter-values.yaml").path("rules");
		List<String> missing = new ArrayList<>();
		for (String type : List.of("custom", "external")) {
			for (JsonNode rule : rules.path(type)) {
				String job = matchers(rule).get("job");
				ServiceProcess service = services.get(job);
				if (service == null || series(service, seriesName(rule)).isEmpty()) {
					missing.add(seriesName(rule) + " from job " + job);
				}
			}
		}

		assertThat(missing).isEmpty();
	}

	private static HttpResponse<String> send() throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(ingress.url() + "/send"))
				.header("Content-Type", "application/json")
				.header("X-API-Key", API_KEY)
				.POST(HttpRequest.BodyPublishers.ofString(
						"""
								{"type": "order.placed", "data": {"orderId": "order-9", "customerId": "c-9",
								 "lines": [{"sku": "BOOK-9", "quantity": 1, "unitPrice": 9.9}], "total": 9.9, "currency": "EUR"}}"""))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The series of one metric that a service exports now.
	 * @param service the running service
	 * @param name the metric's name
	 * @return the labels of each of its series
	 */
	private static List<Map<String, String>> series(ServiceProcess service, String name) {
		List<Map<String, String>> series = new ArrayList<>();
		for (String line : service.get("/actuator/prometheus").split("\n")) {
			Matcher parsed = sample.matcher(line.trim());
			if (!line.startsWith("#") && parsed.matches() && parsed.group(1).equals(name)) {
				Map<String, String> labels = new LinkedHashMap<>();
				Matcher found = label.matcher((parsed.group(2) != null) ? parsed.group(2) : "");
				while (found.find()) {
					labels.put(found.group(1), found.group(2));
				}
				series.add(labels);
			}
		}
		return series;
	}

	private static JsonNode rule(String type, String job) {
		JsonNode rules = repositoryYaml("k8s/monitoring/prometheus-adapter-values.yaml").at("/rules/" + type);
		for (JsonNode rule : rules) {
			if (job.equals(matchers(rule).get("job"))) {
				return rule;
			}
		}
		throw new AssertionError("No " + type + " adapter rule reads a series of job " + job);
	}

	private static String seriesName(JsonNode rule) {
		Matcher parsed = seriesQuery.matcher(rule.path("seriesQuery").asText());
		assertThat(parsed.matches()).as("series query %s", rule.path("seriesQuery")).isTrue();
		return parsed.group(1);
	}

	/** The label matchers of a rule's series query, by label. */
	private static Map<String, String> matchers(JsonNode rule) {
		Matcher parsed = seriesQuery.matcher(rule.path("seriesQuery").asText());
		Map<String, String> matchers = new LinkedHashMap<>();
		if (parsed.matches()) {
			Matcher found = labelMatcher.matcher(parsed.group(2));
			while (found.find()) {
				matchers.put(found.group(1), found.group(3));
			}
		}
		return matchers;
	}

	/**
	 * Labels a rule needs on the series besides those Prometheus adds when scraping: in
	 * its series query and in its metrics query.
	 */
	private static List<String> labelsUsedBy(JsonNode rule) {
		List<String> labels = new ArrayList<>(matchers(rule).keySet());
		Matcher found = labelMatcher.matcher(rule.path("metricsQuery").asText());
		while (found.find()) {
			labels.add(found.group(1));
		}
		Matcher by = Pattern.compile("\\bby\\s*\\(([^)]*)\\)").matcher(rule.path("metricsQuery").asText());
		while (by.find()) {
			for (String grouped : by.group(1).split(",")) {
				if (!grouped.trim().startsWith("<<")) {
					labels.add(grouped.trim());
				}
			}
		}
		labels.removeAll(scrapeLabels);
		return labels.stream().distinct().toList();
	}

	private static JsonNode repositoryYaml(String path) {
		try {
			return new YAMLMapper().readTree(Path.of(System.getProperty("pulsegate.repository"), path).toFile());
		}
		catch (IOException ex) {
			throw new AssertionError("Could not read " + path, ex);
		}
	}

}
