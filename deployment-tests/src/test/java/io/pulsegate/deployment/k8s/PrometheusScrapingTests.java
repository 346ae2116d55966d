package io.pulsegate.deployment.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pulsegate.deployment.RepositoryRoot;
import io.pulsegate.deployment.service.ApplicationConfiguration;
import io.pulsegate.deployment.service.ServiceModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scrape job in {@code k8s/monitoring/prometheus-scrape-config.yaml}, applied to the
 * pods the overlays deploy as Prometheus's Kubernetes service discovery would find them,
 * scrapes each service at its metrics endpoint under the job name the alerts, dashboards
 * and adapter rules use, with the namespace and pod labels the adapter needs.
 */
class PrometheusScrapingTests {

	private static final JsonNode scrapeJob = scrapeJob();

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("io.pulsegate.deployment.k8s.Overlay#overlaysAndServices")
	void aServicesPodIsScrapedAtItsMetricsEndpointAsJobNamedAfterTheService(String overlay, String service) {
		Manifests manifests = Overlay.render(overlay);
		JsonNode deployment = manifests.get("Deployment", service);
		ApplicationConfiguration application = ServiceModule.named(service).configuration();

		Optional<Map<String, String>> target = Relabeling.apply(scrapeJob.path("relabel_configs"),
				Relabeling.discoveredPod(deployment, "10.1.2.3"));

		assertThat(target).hasValueSatisfying((labels) -> {
			assertThat(labels).containsEntry("job", service);
			assertThat(labels).containsEntry("__metrics_path__", application.exposedEndpoint("prometheus").get());
			assertThat(labels).containsEntry("__address__",
					"10.1.2.3:" + application.serverPort(manifests.environment(deployment)::value));
			assertThat(labels).containsEntry("namespace", "pulsegate");
			assertThat(labels.get("pod")).startsWith(service + "-");
		});
	}

	@Test
	void podsWithoutTheScrapeAnnotationAreLeftOut() {
		JsonNode postgres = Overlay.render("local").get("StatefulSet", "postgres");

		assertThat(Relabeling.apply(scrapeJob.path("relabel_configs"), Relabeling.discoveredPod(postgres, "10.1.2.4")))
			.isEmpty();
	}

	@Test
	void everyJobAnAdapterRuleReadsIsOneTheScrapeJobProduces() {
		Manifests manifests = Overlay.render("production");
		for (AdapterRule rule : AdapterRule.load()) {
			String job = rule.requiredValue("job");
			assertThat(job).as("job in %s", rule.seriesQuery()).isNotNull();
			assertThat(Relabeling.apply(scrapeJob.path("relabel_configs"),
					Relabeling.discoveredPod(manifests.get("Deployment", job), "10.1.2.3")))
				.hasValueSatisfying((labels) -> assertThat(labels).containsEntry("job", job));
		}
	}

	@Test
	void theJobDiscoversPodsInThePulsegateNamespace() {
		JsonNode discovery = scrapeJob.at("/kubernetes_sd_configs/0");

		assertThat(discovery.path("role").asText()).isEqualTo("pod");
		assertThat(discovery.at("/namespaces/names").valueStream().map(JsonNode::asText)).containsExactly("pulsegate");
	}

	private static JsonNode scrapeJob() {
		try {
			JsonNode jobs = new YAMLMapper()
				.readTree(RepositoryRoot.resolve("k8s/monitoring/prometheus-scrape-config.yaml").toFile())
				.path("scrape_configs");
			assertThat(jobs.size()).isOne();
			return jobs.get(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
