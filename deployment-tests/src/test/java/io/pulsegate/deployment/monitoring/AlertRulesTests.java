package io.pulsegate.deployment.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code monitoring/prometheus/alerts.yml} and its promtool unit tests in
 * {@code alerts_test.yml}.
 */
class AlertRulesTests {

	private static final Set<String> SEVERITIES = Set.of("critical", "warning");

	// up, HTTP and Resilience4j metrics come from both services, or could.
	private static final Pattern SHARED_METRIC = Pattern
		.compile("\\b(up|http_server_requests_seconds_\\w+|resilience4j_\\w+)(\\{[^}]*\\})?");

	private final List<JsonNode> alerts = alerts();

	@Test
	void promtoolAcceptsTheRules() {
		Promtool.Result result = Promtool.run(MonitoringFiles.path("prometheus"), "check", "rules", "alerts.yml");

		assertThat(result.exitCode()).as("%s", result).isZero();
		assertThat(result.output()).contains("SUCCESS: 9 rules found");
	}

	@Test
	void theRulesPassTheirPromtoolUnitTests() {
		Promtool.Result result = Promtool.run(MonitoringFiles.path("prometheus"), "test", "rules", "alerts_test.yml");

		assertThat(result.exitCode()).as("%s", result).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void theAgreedAlertsExist() {
		assertThat(this.alerts).extracting((alert) -> alert.path("alert").asText())
			.containsExactlyInAnyOrder("PulsegateConsumersDown", "PulsegateConsumerBacklogGrowing",
					"PulsegateSubscriptionStalled", "PulsegateDeadLetters", "PulsegateIngressDown",
					"PulsegateIngressErrorBudgetBurn", "PulsegateIngressLatencyBudgetBurn",
					"PulsegateBrokerCircuitOpen", "PulsegateIdempotencyStoreCircuitOpen");
	}

	@Test
	void everyAlertHasASeverityASummaryADescriptionAndARunbook() {
		assertThat(this.alerts).allSatisfy((alert) -> {
			assertThat(alert.path("labels").path("severity").asText()).as(alert.path("alert").asText())
				.isIn(SEVERITIES);
			assertThat(alert.path("annotations").fieldNames()).toIterable()
				.as(alert.path("alert").asText())
				.contains("summary", "description", "runbook");
		});
	}

	@Test
	void metricsThatBothServicesExposeAreSelectedByTheAgreedJobLabel() {
		assertThat(this.alerts).allSatisfy((alert) -> {
			Matcher shared = SHARED_METRIC.matcher(alert.path("expr").asText());
			while (shared.find()) {
				assertThat(shared.group(2)).as("%s: %s", alert.path("alert").asText(), shared.group())
					.containsAnyOf("job=\"ingress\"", "job=\"consumer\"");
			}
		});
	}

	@Test
	void everyAlertHasAUnitTestThatFiresItAndOneThatDoesNot() {
		List<JsonNode> checks = new ArrayList<>();
		MonitoringFiles.yaml("prometheus/alerts_test.yml")
			.path("tests")
			.forEach((test) -> test.path("alert_rule_test").forEach(checks::add));

		assertThat(this.alerts).extracting((alert) -> alert.path("alert").asText()).allSatisfy((name) -> {
			List<JsonNode> ofAlert = checks.stream()
				.filter((check) -> check.path("alertname").asText().equals(name))
				.toList();
			assertThat(ofAlert).as("a check that %s fires", name)
				.anyMatch((check) -> !check.path("exp_alerts").isEmpty());
			assertThat(ofAlert).as("a check that %s stays quiet", name)
				.anyMatch((check) -> check.path("exp_alerts").isEmpty());
		});
	}

	private static List<JsonNode> alerts() {
		JsonNode groups = MonitoringFiles.yaml("prometheus/alerts.yml").path("groups");
		return StreamSupport.stream(groups.spliterator(), false)
			.flatMap((group) -> StreamSupport.stream(group.path("rules").spliterator(), false))
			.toList();
	}

}
