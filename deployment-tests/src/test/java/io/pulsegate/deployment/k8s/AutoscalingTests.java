package io.pulsegate.deployment.k8s;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsegate.deployment.service.ServiceModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The autoscalers ask for metrics that the Prometheus Adapter rules serve, and the rules
 * read series of the services the autoscalers scale. (That the services really export
 * those series is held to the running services in system-tests, AutoscalingMetricsTests.)
 */
class AutoscalingTests {

	private static final List<AdapterRule> rules = AdapterRule.load();

	private static final Manifests base = Kustomize.render("k8s/base");

	@Test
	void theIngressScalesOnCpuAndOnItsRequestRatePerPod() {
		JsonNode autoscaler = base.get("HorizontalPodAutoscaler", "ingress");

		assertThat(autoscaler.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
		assertThat(autoscaler.at("/spec/scaleTargetRef/name").asText()).isEqualTo("ingress");
		assertThat(metric(autoscaler, "Resource").at("/resource/name").asText()).isEqualTo("cpu");
		assertThat(metric(autoscaler, "Pods").at("/pods/metric/name").asText())
			.isEqualTo("pulsegate_ingress_requests_per_second");
	}

	@Test
	void theConsumerScalesOnTheBacklogOfItsProjectionSubscriptionPerReplica() {
		JsonNode autoscaler = base.get("HorizontalPodAutoscaler", "consumer");
		JsonNode external = metric(autoscaler, "External").path("external");

		assertThat(autoscaler.at("/spec/scaleTargetRef/name").asText()).isEqualTo("consumer");
		assertThat(autoscaler.at("/spec/metrics").size()).isOne();
		assertThat(external.at("/metric/name").asText()).isEqualTo("pulsegate_consumer_subscription_backlog");
		assertThat(external.at("/target/type").asText()).isEqualTo("AverageValue");
		// The consumer's own subscription name, not a copy that could drift from it.
		assertThat(external.at("/metric/selector/matchLabels/subscription").asText())
			.isEqualTo(ServiceModule.CONSUMER.configuration().requiredSetting("pulsegate.consumer.subscription"));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ingress", "consumer" })
	void scalingDownWaitsLongerThanScalingUp(String service) {
		JsonNode behavior = base.get("HorizontalPodAutoscaler", service).at("/spec/behavior");

		assertThat(behavior.at("/scaleDown/stabilizationWindowSeconds").asInt()).isGreaterThanOrEqualTo(300)
			.isGreaterThan(behavior.at("/scaleUp/stabilizationWindowSeconds").asInt());
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "k8s/base", "k8s/overlays/local", "k8s/overlays/production" })
	void everyCustomMetricAnAutoscalerAsksForIsServedPerPodByAnAdapterRule(String directory) {
		for (JsonNode autoscaler : Kustomize.render(directory).ofKind("HorizontalPodAutoscaler")) {
			for (JsonNode metric : autoscaler.at("/spec/metrics")) {
				if (metric.path("type").asText().equals("Pods")) {
					AdapterRule rule = rule("custom", metric.at("/pods/metric/name").asText());
					assertThat(rule.resources()).containsEntry("namespace", "namespace").containsEntry("pod", "pod");
					assertThat(rule.keptLabels()).contains("namespace", "pod");
					assertThat(rule.requiredValue("job")).as("job of the series")
						.isEqualTo(autoscaler.at("/spec/scaleTargetRef/name").asText());
				}
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "k8s/base", "k8s/overlays/local", "k8s/overlays/production" })
	void everyExternalMetricAnAutoscalerAsksForIsServedByAnAdapterRuleWithItsSelectorLabels(String directory) {
		for (JsonNode autoscaler : Kustomize.render(directory).ofKind("HorizontalPodAutoscaler")) {
			for (JsonNode metric : autoscaler.at("/spec/metrics")) {
				if (metric.path("type").asText().equals("External")) {
					AdapterRule rule = rule("external", metric.at("/external/metric/name").asText());
					assertThat(rule.resources()).containsEntry("namespace", "namespace");
					metric.at("/external/metric/selector/matchLabels")
						.fieldNames()
						.forEachRemaining(
								(label) -> assertThat(rule.keptLabels()).as("labels the rule keeps").contains(label));
					assertThat(rule.requiredValue("job")).as("job of the series")
						.isEqualTo(autoscaler.at("/spec/scaleTargetRef/name").asText());
				}
			}
		}
	}

	@Test
	void theRequestRateLeavesOutProbesAndScrapes() {
		AdapterRule rule = rule("custom", "pulsegate_ingress_requests_per_second");

		assertThat(rule.seriesName()).isEqualTo("http_server_requests_seconds_count");
		assertThat(rule.metricsQuery()).contains("rate(<<.Series>>{<<.LabelMatchers>>,uri!~\"/actuator.*\"}");
		assertThat(rule.filteredLabels()).contains("uri");
	}

	@Test
	void theBacklogIsTheLargestAnyReplicaReportsNotTheirSum() {
		AdapterRule rule = rule("external", "pulsegate_consumer_subscription_backlog");

		assertThat(rule.seriesName()).isEqualTo("pulsegate_consumer_subscription_backlog");
		assertThat(rule.metricsQuery()).startsWith("max(");
	}

	@Test
	void theAdapterServesOnlyTheseRules() {
		assertThat(AdapterRule.values().at("/rules/default").asBoolean(true)).as("the chart's default rules").isFalse();
		assertThat(rules).extracting(AdapterRule::metricName)
			.containsExactlyInAnyOrder("pulsegate_ingress_requests_per_second",
					"pulsegate_consumer_subscription_backlog");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "k8s/base", "k8s/overlays/production" })
	void theConsumersAtMostHoldFewerDatabaseConnectionsThanPostgresAllows(String directory) {
		Manifests manifests = Kustomize.render(directory);
		int maxReplicas = manifests.get("HorizontalPodAutoscaler", "consumer").at("/spec/maxReplicas").asInt();
		int poolSize = manifests.environment(manifests.get("Deployment", "consumer"))
			.value("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE")
			.map(Integer::parseInt)
			.orElse(10);

		// PostgreSQL's default max_connections: 100, 3 of them for superusers.
		assertThat(maxReplicas * poolSize).isLessThanOrEqualTo(97);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "k8s/base", "k8s/overlays/production" })
	void everyScaledContainerRequestsCpuForTheUtilisationTarget(String directory) {
		Manifests manifests = Kustomize.render(directory);
		for (JsonNode autoscaler : manifests.ofKind("HorizontalPodAutoscaler")) {
			JsonNode deployment = manifests.get("Deployment", autoscaler.at("/spec/scaleTargetRef/name").asText());
			if (findMetric(autoscaler, "Resource").isPresent()) {
				assertThat(Manifests.container(deployment).at("/resources/requests/cpu").asText()).isNotEmpty();
			}
		}
	}

	private static AdapterRule rule(String type, String metricName) {
		return rules.stream()
			.filter((rule) -> rule.type().equals(type) && rule.metricName().equals(metricName))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + type + " rule in " + AdapterRule.VALUES_FILE + " serves "
					+ metricName + "; it serves " + rules.stream().map(AdapterRule::metricName).toList()));
	}

	private static JsonNode metric(JsonNode autoscaler, String type) {
		return findMetric(autoscaler, type)
			.orElseThrow(() -> new AssertionError(Manifests.describe(autoscaler) + " has no " + type + " metric"));
	}

	private static Optional<JsonNode> findMetric(JsonNode autoscaler, String type) {
		return autoscaler.at("/spec/metrics")
			.valueStream()
			.filter((metric) -> metric.path("type").asText().equals(type))
			.findFirst();
	}

}
