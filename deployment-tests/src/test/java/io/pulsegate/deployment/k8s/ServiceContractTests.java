package io.pulsegate.deployment.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsegate.deployment.service.ApplicationConfiguration;
import io.pulsegate.deployment.service.ApplicationEnvironment;
import io.pulsegate.deployment.service.ServiceModule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Deployments agree with the services they run: ports, probe paths, scrape
 * annotations, environment variables and shutdown timing are the ones the services' own
 * configuration defines.
 */
class ServiceContractTests {

	private static final Pattern sleep = Pattern.compile("\\bsleep (\\d+)\\b");

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("io.pulsegate.deployment.k8s.Overlay#overlaysAndServices")
	void theContainerPortAndServicePortAreThePortTheServiceListensOn(String overlay, String service) {
		Manifests manifests = Overlay.render(overlay);
		JsonNode deployment = manifests.get("Deployment", service);
		int listensOn = ServiceModule.named(service)
			.configuration()
			.serverPort(manifests.environment(deployment)::value);
		JsonNode port = Manifests.container(deployment).at("/ports/0");
		JsonNode servicePort = manifests.get("Service", service).at("/spec/ports/0");

		assertThat(Manifests.container(deployment).path("ports").size()).isOne();
		assertThat(port.path("containerPort").asInt()).isEqualTo(listensOn);
		assertThat(servicePort.path("port").asInt()).isEqualTo(listensOn);
		assertThat(servicePort.path("targetPort").asText()).isIn(port.path("name").asText(), String.valueOf(listensOn));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("io.pulsegate.deployment.k8s.Overlay#overlaysAndServices")
	void theProbesAskHealthGroupsTheServiceExposes(String overlay, String service) {
		ApplicationConfiguration application = ServiceModule.named(service).configuration();
		JsonNode container = Manifests.container(Overlay.render(overlay).get("Deployment", service));

		assertThat(application.actuatorOnServerPort()).isTrue();
		assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness")
			.isIn(application.health().paths());
		assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness")
			.isIn(application.health().paths());
		assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/readiness")
			.isIn(application.health().paths());
		for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
			assertThat(container.at("/" + probe + "/httpGet/port").asText()).as(probe + " port")
				.isEqualTo(container.at("/ports/0/name").asText());
		}
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("io.pulsegate.deployment.k8s.Overlay#overlaysAndServices")
	void theScrapeAnnotationsNameTheServicesPrometheusEndpoint(String overlay, String service) {
		Manifests manifests = Overlay.render(overlay);
		JsonNode deployment = manifests.get("Deployment", service);
		JsonNode annotations = deployment.at("/spec/template/metadata/annotations");
		ApplicationConfiguration application = ServiceModule.named(service).configuration();

		assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
		assertThat(annotations.path("prometheus.io/path").asText())
			.isEqualTo(application.exposedEndpoint("prometheus").orElse("(not exposed)"));
		assertThat(annotations.path("prometheus.io/port").asText())
			.isEqualTo(String.valueOf(application.serverPort(manifests.environment(deployment)::value)));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("io.pulsegate.deployment.k8s.Overlay#overlaysAndServices")
	void everyEnvironmentVariableIsOneTheServiceReads(String overlay, String service) {
		Manifests manifests = Overlay.render(overlay);
		ContainerEnvironment environment = manifests.environment(manifests.get("Deployment", service));
		ApplicationEnvironment application = ServiceModule.named(service).environment();
		List<String> unread = new ArrayList<>();
		environment.variables().forEach((name, source) -> {
			if (!application.reads(name)) {
				unread.add(name + " (from " + source.origin() + ")");
			}
		});

		assertThat(environment.variables()).isNotEmpty();
		assertThat(unread).as("variables %s does not read", service).isEmpty();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("io.pulsegate.deployment.k8s.Overlay#overlaysAndServices")
	void theGracePeriodOutlastsThePreStopSleepAndTheGracefulShutdown(String overlay, String service) {
		JsonNode pod = Overlay.render(overlay).get("Deployment", service).at("/spec/template/spec");
		ApplicationConfiguration application = ServiceModule.named(service).configuration();
		String preStop = String.join(" ",
				Manifests.container(Overlay.render(overlay).get("Deployment", service))
					.at("/lifecycle/preStop/exec/command")
					.valueStream()
					.map(JsonNode::asText)
					.toList());
		Matcher sleepSeconds = sleep.matcher(preStop);

		assertThat(application.shutsDownGracefully()).isTrue();
		assertThat(sleepSeconds.find()).as("preStop sleeps: %s", preStop).isTrue();
		assertThat(pod.path("terminationGracePeriodSeconds").asLong())
			.isGreaterThan(Long.parseLong(sleepSeconds.group(1)) + application.shutdownPhaseTimeout().toSeconds());
	}

}
