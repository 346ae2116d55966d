package io.pulsegate.system.monitoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsegate.system.Services;
import io.pulsegate.system.monitoring.DashboardImage.Legended;
import io.pulsegate.system.monitoring.MonitoringConfiguration.AlertRule;
import io.pulsegate.system.monitoring.MonitoringConfiguration.Dashboard;
import io.pulsegate.system.monitoring.MonitoringConfiguration.Panel;
import io.pulsegate.system.monitoring.MonitoringConfiguration.Target;
import io.pulsegate.system.monitoring.PrometheusServer.Series;
import io.pulsegate.testsupport.ServiceProcess;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.TestBroker;
import io.pulsegate.testsupport.TestDatabase;
import io.pulsegate.testsupport.TestRedis;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The monitoring files against the running services: a real Prometheus scrapes the
 * ingress and a consumer, run from their jars, with the alert rules loaded, while order
 * traffic flows. Every dashboard query and every alert expression must then be valid
 * PromQL that names only metrics the services really expose, and the dashboards are drawn
 * from what Prometheus returns for them.
 */
class MonitoringTests {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

	// Long enough for rates and the drawn panels to show a trend.
	private static final Duration MINIMUM_TRAFFIC = Duration.ofSeconds(30);

	// Grafana's $__rate_interval at a 1 s scrape interval, rounded up to smooth lines.
	private static final Map<String, String> GRAFANA_VARIABLES = Map.of("__rate_interval", "10s");

	// Only an incident produces these; after healthy traffic they are valid but empty.
	private static final Set<String> PANELS_EMPTY_WITHOUT_INCIDENT = Set.of("Overloaded or broker unavailable (503)");

	private static final String TOPIC = "persistent://public/default/monitoring-" + UUID.randomUUID();

	private static final String API_KEY = "monitoring-test-api-key";

	private static final TestBroker broker = SharedTestBroker.get();

	private static final MonitoringConfiguration monitoring = new MonitoringConfiguration(
			Path.of(System.getProperty("pulsegate.monitoring")));

	@TempDir
	static Path prometheusDirectory;

	private static ServiceProcess ingress;

	private static ServiceProcess consumer;

	private static PrometheusServer prometheus;

	private static Instant trafficStart;

	private static Instant trafficEnd;

	@BeforeAll
	static void startServicesAndPrometheusAndSendTraffic() throws Exception {
		Path logs = Services.logs();
		TestDatabase.Schema database = TestDatabase.newSchema("monitoring");
		// The ingress creates its topics at start-up, failing with 409 if the consumer's
		// subscription created the topic between its check and its create.
		try (PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(broker.adminUrl()).build()) {
			admin.topics().createNonPartitionedTopic(TOPIC);
		}
		consumer = Services.startConsumer("monitoring-consumer", broker, TOPIC, database, Map.of(
				// Unplaced orders' payments are soon exhausted.
				"pulsegate.consumer.max-deliveries", "2", "pulsegate.consumer.redelivery.min-delay", "100ms",
				"pulsegate.consumer.backlog-interval", "1s", "spring.security.user.password", "monitoring-test"));
		TestRedis.Endpoint redis = TestRedis.get();
		ingress = Services.startIngress("monitoring-ingress", broker, TOPIC, API_KEY,
				Map.of("pulsegate.ingress.routes[0].types[1]", "order.paid",
						// Low enough that the traffic's bursts get 429.
						"resilience4j.ratelimiter.configs.tenant.limit-for-period", "40",
						// The store of replicas, whose circuit breaker has a panel.
						"pulsegate.ingress.idempotency.store", "redis", "spring.data.redis.host", redis.host(),
						"spring.data.redis.port", Integer.toString(redis.port())));
		prometheus = PrometheusServer.start(prometheusConfiguration(), prometheusDirectory, logs);
		consumer.awaitHealthy(START_TIMEOUT);
		ingress.awaitHealthy(START_TIMEOUT);
		prometheus.awaitReady(Duration.ofSeconds(30));
		trafficStart = Instant.now();
		try (OrderTraffic traffic = OrderTraffic.start(ingress.url(), API_KEY, broker.serviceUrl(), TOPIC)) {
			await("Prometheus has scraped the traffic's effects").atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofSeconds(1))
				.untilAsserted(() -> assertPrometheusShowsTheTraffic(traffic));
		}
		trafficEnd = Instant.now();
	}

	@AfterAll
	static void stopEverything() {
		try {
			if (prometheus != null) {
				prometheus.close();
				assertThat(prometheus.isRunning()).as("Prometheus stopped").isFalse();
			}
		}
		finally {
			boolean ingressStopped = (ingress == null) || ingress.stop();
			boolean consumerStopped = (consumer == null) || consumer.stop();
			assertThat(ingressStopped).as("ingress stopped on SIGTERM").isTrue();
			assertThat(consumerStopped).as("consumer stopped on SIGTERM").isTrue();
		}
	}

	@Test
	void everyDashboardQueryIsValidAndNamesOnlyMetricsTheServicesExpose() {
		Set<String> metricNames = prometheus.metricNames();
		SoftAssertions softly = new SoftAssertions();
		for (Dashboard dashboard : monitoring.dashboards()) {
			for (Panel panel : dashboard.panels()) {
				for (Target target : panel.targets()) {
					String expr = target.expr(GRAFANA_VARIABLES);
					String where = dashboard.uid() + " / " + panel.title() + ": " + expr;
					JsonNode answer = prometheus.query(expr, trafficEnd);
					softly.assertThat(answer.path("status").asText()).as(where + " -> " + answer).isEqualTo("success");
					softly.assertThat(PromQlMetricNames.in(expr)).as(where).isNotEmpty().isSubsetOf(metricNames);
				}
			}
		}
		softly.assertAll();
	}

	@Test
	void everyPanelShowsDataAfterTheTrafficExceptThoseOnlyAnIncidentFeeds() {
		SoftAssertions softly = new SoftAssertions();
		for (Dashboard dashboard : monitoring.dashboards()) {
			for (Panel panel : dashboard.panels()) {
				List<JsonNode> results = new ArrayList<>();
				panel.targets()
					.forEach((target) -> prometheus.query(target.expr(GRAFANA_VARIABLES), trafficEnd)
						.path("data")
						.path("result")
						.forEach(results::add));
				if (PANELS_EMPTY_WITHOUT_INCIDENT.contains(panel.title())) {
					softly.assertThat(results).as(dashboard.uid() + " / " + panel.title()).isEmpty();
				}
				else {
					softly.assertThat(results).as(dashboard.uid() + " / " + panel.title()).isNotEmpty();
				}
			}
		}
		softly.assertAll();
	}

	@Test
	void everyAlertExpressionIsValidAndNamesOnlyMetricsTheServicesExpose() {
		Set<String> metricNames = prometheus.metricNames();
		List<AlertRule> rules = monitoring.alertRules();
		assertThat(rules).isNotEmpty();
		SoftAssertions softly = new SoftAssertions();
		for (AlertRule rule : rules) {
			JsonNode answer = prometheus.query(rule.expr(), trafficEnd);
			softly.assertThat(answer.path("status").asText()).as(rule.name() + " -> " + answer).isEqualTo("success");
			softly.assertThat(PromQlMetricNames.in(rule.expr())).as(rule.name()).isNotEmpty().isSubsetOf(metricNames);
		}
		softly.assertAll();
	}

	@Test
	void theLatencyObjectivesBucketBoundaryExistsInTheRequestHistogram() {
		JsonNode answer = prometheus.query(
				"http_server_requests_seconds_bucket{job=\"ingress\", uri=~\"/send.*\", outcome=\"SUCCESS\", le=\"0.1\"}",
				trafficEnd);

		assertThat(answer.path("data").path("result")).as("%s", answer).isNotEmpty();
	}

	@Test
	void deadLettersFireTheirAlertWhileNoServiceCountsAsDown() {
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			List<JsonNode> alerts = prometheus.alerts();
			assertThat(alerts)
				.filteredOn((alert) -> alert.path("labels").path("alertname").asText().equals("PulsegateDeadLetters"))
				.filteredOn((alert) -> alert.path("state").asText().equals("firing"))
				.extracting((alert) -> alert.path("labels").path("cause").asText())
				.contains("rejected", "poison", "exhausted");
			assertThat(alerts).extracting((alert) -> alert.path("labels").path("alertname").asText())
				.doesNotContain("PulsegateConsumersDown", "PulsegateIngressDown", "PulsegateBrokerCircuitOpen",
						"PulsegateIngressErrorBudgetBurn", "PulsegateSubscriptionStalled");
		});
	}

	@Test
	void theDashboardsAreDrawnFromWhatPrometheusReturnsForTheirPanels() throws Exception {
		Path directory = Path.of(System.getProperty("pulsegate.dashboards"));
		Instant from = trafficStart.minusSeconds(5);
		Instant to = trafficEnd.plusSeconds(2);
		for (Dashboard dashboard : monitoring.dashboards()) {
			Map<Panel, List<Legended>> data = new LinkedHashMap<>();
			for (Panel panel : dashboard.panels()) {
				List<Legended> series = new ArrayList<>();
				for (Target target : panel.targets()) {
					for (Series one : prometheus.queryRange(target.expr(GRAFANA_VARIABLES), from, to,
							Duration.ofSeconds(1))) {
						series.add(new Legended(target.legend(one.labels()), one));
					}
				}
				data.put(panel, series);
			}
			Path file = directory.resolve(dashboard.uid() + ".png");
			DashboardImage.write(dashboard, data, from, to, file);

			assertThat(file).isRegularFile();
			assertThat(Files.size(file)).as(file.toString()).isGreaterThan(10_000);
		}
	}

	private static void assertPrometheusShowsTheTraffic(OrderTraffic traffic) {
		assertThat(prometheus.targetHealth()).containsEntry("ingress", "up").containsEntry("consumer", "up");
		assertThat(traffic.statuses()).as("statuses the ingress answered").contains(202, 400, 401, 429);
		assertThat(labelValues("http_server_requests_seconds_count{job=\"ingress\", uri!~\"/actuator/.*\"}", "status"))
			.contains("202", "400", "401", "429");
		assertThat(labelValues("pulsegate_consumer_events_processed_total{job=\"consumer\"}", "type"))
			.contains("order.placed", "order.paid");
		assertThat(labelValues("pulsegate_consumer_events_dead_lettered_total{job=\"consumer\"}", "cause"))
			.contains("rejected", "poison", "exhausted");
		assertThat(labelValues("pulsegate_consumer_events_duplicate_total{job=\"consumer\"}", "type"))
			.contains("order.placed");
		assertThat(labelValues("pulsegate_consumer_events_retried_total{job=\"consumer\"}", "type"))
			.contains("order.paid");
		assertThat(labelValues("pulsegate_consumer_subscription_backlog{job=\"consumer\"}", "subscription"))
			.contains("order-projection", "order-audit");
		assertThat(Duration.between(trafficStart, Instant.now())).isGreaterThanOrEqualTo(MINIMUM_TRAFFIC);
	}

	private static List<String> labelValues(String selector, String label) {
		List<String> values = new ArrayList<>();
		prometheus.query(selector, Instant.now())
			.path("data")
			.path("result")
			.forEach((series) -> values.add(series.path("metric").path(label).asText()));
		return values;
	}

	// The services on loopback under the agreed job names, scraped every second.
	private static String prometheusConfiguration() {
		return """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				  evaluation_interval: 1s
				rule_files:
				  - %s
				scrape_configs:
				  - job_name: ingress
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ["%s"]
				  - job_name: consumer
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ["%s"]
				""".formatted(monitoring.alertRulesFile().toAbsolutePath().normalize(), hostAndPort(ingress),
				hostAndPort(consumer));
	}

	private static String hostAndPort(ServiceProcess service) {
		return service.url().substring("http://".length());
	}

}
