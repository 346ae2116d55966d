package io.pulsegate.deployment.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code monitoring/prometheus/prometheus.yml}, the scrape configuration that
 * docker-compose mounts at {@code /etc/prometheus}.
 */
class PrometheusConfigTests {

	/** Where docker-compose.yml mounts {@code monitoring/prometheus}. */
	private static final String MOUNT = "/etc/prometheus/";

	private final JsonNode config = MonitoringFiles.yaml("prometheus/prometheus.yml");

	@Test
	void promtoolAcceptsTheConfigurationAsItIs() {
		Promtool.Result result = Promtool.run(MonitoringFiles.path("prometheus"), "check", "config", "--syntax-only",
				"prometheus.yml");

		assertThat(result.exitCode()).as("%s", result).isZero();
	}

	@Test
	void promtoolAcceptsTheConfigurationWithItsRuleFilesWhereComposeMountsThem(@TempDir Path mounted)
			throws IOException {
		// A copy of the directory, with /etc/prometheus/ pointing at the copy: what the
		// container sees.
		try (var files = Files.list(MonitoringFiles.path("prometheus"))) {
			for (Path file : files.toList()) {
				Files.writeString(mounted.resolve(file.getFileName()),
						Files.readString(file).replace(MOUNT, mounted.toString() + "/"));
			}
		}

		Promtool.Result result = Promtool.run(mounted, "check", "config", "prometheus.yml");

		assertThat(result.exitCode()).as("%s", result).isZero();
		assertThat(result.output()).contains("SUCCESS: 9 rules found");
	}

	@Test
	void rulesComeFromTheAlertsFileInTheMountedDirectory() {
		assertThat(this.config.path("rule_files")).extracting(JsonNode::asText).containsExactly(MOUNT + "alerts.yml");
		assertThat(MonitoringFiles.path("prometheus/alerts.yml")).isRegularFile();
	}

	@Test
	void theIngressIsScrapedByItsComposeServiceName() {
		JsonNode ingress = jobs().get("ingress");

		assertThat(ingress).as("job ingress").isNotNull();
		assertThat(ingress.path("metrics_path").asText()).isEqualTo("/actuator/prometheus");
		assertThat(ingress.path("static_configs")).hasSize(1);
		assertThat(ingress.path("static_configs").get(0).path("targets")).extracting(JsonNode::asText)
			.containsExactly("ingress:8081");
	}

	@Test
	void everyConsumerReplicaIsFoundThroughTheServiceNamesAddresses() {
		JsonNode consumer = jobs().get("consumer");

		assertThat(consumer).as("job consumer").isNotNull();
		assertThat(consumer.path("metrics_path").asText()).isEqualTo("/actuator/prometheus");
		assertThat(consumer.has("static_configs")).as("no fixed targets").isFalse();
		JsonNode dns = consumer.path("dns_sd_configs");
		assertThat(dns).hasSize(1);
		assertThat(dns.get(0).path("names")).extracting(JsonNode::asText).containsExactly("consumer");
		assertThat(dns.get(0).path("type").asText()).isEqualTo("A");
		assertThat(dns.get(0).path("port").asInt()).isEqualTo(8082);
	}

	@Test
	void onlyTheTwoServicesAreScraped() {
		assertThat(jobs()).containsOnlyKeys("ingress", "consumer");
	}

	private Map<String, JsonNode> jobs() {
		List<JsonNode> scrapeConfigs = StreamSupport.stream(this.config.path("scrape_configs").spliterator(), false)
			.toList();
		return scrapeConfigs.stream()
			.collect(Collectors.toMap((job) -> job.path("job_name").asText(), Function.identity()));
	}

}
