package io.pulsegate.deployment.k8s;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each overlay deploys: the agreed objects and names, selectors that find their
 * pods, and in the local overlay a broker and a database the services can reach.
 */
class OverlaysTests {

	private static final Map<String, String> images = Map.of("ingress", "pulsegate/ingress-service:0.1.0-SNAPSHOT",
			"consumer", "pulsegate/consumer-service:0.1.0-SNAPSHOT");

	private static final Map<String, Integer> ports = Map.of("ingress", 8081, "consumer", 8082);

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "local", "production" })
	void everythingLivesInThePulsegateNamespace(String overlay) {
		Manifests manifests = Overlay.render(overlay);

		assertThat(manifests.get("Namespace", "pulsegate")).isNotNull();
		assertThat(manifests.objects()).filteredOn((object) -> !object.path("kind").asText().equals("Namespace"))
			.allSatisfy((object) -> assertThat(object.at("/metadata/namespace").asText()).as(Manifests.describe(object))
				.isEqualTo("pulsegate"));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("io.pulsegate.deployment.k8s.Overlay#overlaysAndServices")
	void eachServiceHasItsDeploymentServiceDisruptionBudgetAndAutoscaler(String overlay, String service) {
		Manifests manifests = Overlay.render(overlay);
		JsonNode podLabels = manifests.get("Deployment", service).at("/spec/template/metadata/labels");

		assertThat(selects(manifests.get("Deployment", service).at("/spec/selector/matchLabels"), podLabels)).isTrue();
		assertThat(selects(manifests.get("Service", service).at("/spec/selector"), podLabels)).isTrue();
		assertThat(manifests.get("Service", service).at("/spec/ports/0/port").asInt()).isEqualTo(ports.get(service));
		assertThat(selects(manifests.get("PodDisruptionBudget", service).at("/spec/selector/matchLabels"), podLabels))
			.isTrue();
		assertThat(manifests.get("HorizontalPodAutoscaler", service).at("/spec/scaleTargetRef/name").asText())
			.isEqualTo(service);
	}

	@Test
	void theBaseAndTheLocalOverlayRunTheAgreedImages() {
		for (String directory : new String[] { "k8s/base", "k8s/overlays/local" }) {
			Manifests manifests = Kustomize.render(directory);
			images.forEach((service,
					image) -> assertThat(
							Manifests.container(manifests.get("Deployment", service)).path("image").asText())
						.as(directory + " " + service)
						.isEqualTo(image));
		}
	}

	@Test
	void productionPullsTheSameImagesFromItsRegistry() {
		Manifests manifests = Overlay.render("production");

		images.forEach((service,
				image) -> assertThat(Manifests.container(manifests.get("Deployment", service)).path("image").asText())
					.endsWith("/" + image));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ingress", "consumer" })
	void theLocalOverlayRunsOneReplicaOfEachService(String service) {
		Manifests manifests = Overlay.render("local");
		JsonNode autoscaler = manifests.get("HorizontalPodAutoscaler", service);

		assertThat(manifests.get("Deployment", service).at("/spec/replicas").asInt()).isOne();
		assertThat(autoscaler.at("/spec/minReplicas").asInt()).isOne();
		assertThat(autoscaler.at("/spec/maxReplicas").asInt()).isOne();
	}

	@Test
	void theLocalBrokerIsAStandaloneWithoutTheEntryCacheThatStallsKeyShared() {
		JsonNode pulsar = Overlay.render("local").get("StatefulSet", "pulsar");
		JsonNode container = Manifests.container(pulsar);
		String startup = String.join(" ", container.path("command").valueStream().map(JsonNode::asText).toList()) + " "
				+ String.join(" ", container.path("args").valueStream().map(JsonNode::asText).toList());
		ContainerEnvironment environment = Overlay.render("local").environment(pulsar);

		assertThat(container.path("image").asText()).isEqualTo("apachepulsar/pulsar:4.2.4");
		assertThat(environment.value("PULSAR_PREFIX_managedLedgerCacheSizeMB")).contains("0");
		assertThat(startup).containsSubsequence("bin/apply-config-from-env.py conf/standalone.conf",
				"bin/pulsar standalone");
		assertThat(pulsar.at("/spec/replicas").asInt()).isOne();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ingress", "consumer" })
	void theLocalServicesReachTheLocalBroker(String service) {
		Manifests manifests = Overlay.render("local");
		ContainerEnvironment environment = manifests.environment(manifests.get("Deployment", service));

		assertReachesService(manifests, environment.value("PULSAR_SERVICE_URL").orElseThrow(), "pulsar", "pulsar");
		assertReachesService(manifests, environment.value("PULSAR_ADMIN_URL").orElseThrow(), "http", "pulsar");
	}

	@Test
	void theLocalBrokerAdvertisesItsServiceForLookups() {
		// A standalone advertises "localhost" unless told otherwise, which other pods
		// would take for themselves.
		Manifests manifests = Overlay.render("local");
		ContainerEnvironment broker = manifests.environment(manifests.get("StatefulSet", "pulsar"));

		assertThat(broker.value("PULSAR_PREFIX_advertisedAddress")).contains("pulsar");
		assertThat(manifests.find("Service", "pulsar")).isPresent();
	}

	@Test
	void theLocalConsumerReachesTheLocalDatabaseAsItsOwner() {
		Manifests manifests = Overlay.render("local");
		ContainerEnvironment consumer = manifests.environment(manifests.get("Deployment", "consumer"));
		JsonNode postgres = manifests.get("StatefulSet", "postgres");
		ContainerEnvironment database = manifests.environment(postgres);
		URI url = URI.create(consumer.value("PULSEGATE_DB_URL").orElseThrow().substring("jdbc:".length()));

		assertThat(Manifests.container(postgres).path("image").asText()).isEqualTo("postgres:17");
		assertReachesService(manifests, "postgres://" + url.getHost() + ":" + url.getPort(), "postgres", "postgres");
		assertThat(url.getPath()).isEqualTo("/" + database.value("POSTGRES_DB").orElseThrow()).isEqualTo("/pulsegate");
		assertThat(consumer.value("PULSEGATE_DB_USER")).isEqualTo(database.value("POSTGRES_USER"))
			.contains("pulsegate");
		assertThat(database.variables().get("POSTGRES_PASSWORD"))
			.isEqualTo(consumer.variables().get("PULSEGATE_DB_PASSWORD"));
	}

	@Test
	void theLocalOverlayShipsThePlaceholderSecretsTheServicesRead() {
		Manifests manifests = Overlay.render("local");
		for (String service : Overlay.services) {
			manifests.environment(manifests.get("Deployment", service))
				.variables()
				.values()
				.stream()
				.filter(ContainerEnvironment.Source::isSecret)
				.forEach((source) -> assertThat(manifests.get("Secret", source.origin().substring("Secret ".length()))
					.at("/stringData/" + source.secretKey())
					.asText()).as(source.origin() + " " + source.secretKey()).isNotEmpty());
		}
	}

	private static void assertReachesService(Manifests manifests, String url, String portName, String service) {
		URI uri = URI.create(url);
		JsonNode servicePort = manifests.get("Service", service)
			.at("/spec/ports")
			.valueStream()
			.filter((port) -> port.path("name").asText().equals(portName))
			.findFirst()
			.orElseThrow(() -> new AssertionError("Service " + service + " has no port " + portName));

		assertThat(uri.getHost()).as(url).isEqualTo(service);
		assertThat(uri.getPort()).as(url).isEqualTo(servicePort.path("port").asInt());
	}

	private static boolean selects(JsonNode selector, JsonNode labels) {
		return !selector.isEmpty() && selector.properties()
			.stream()
			.allMatch((entry) -> entry.getValue().asText().equals(labels.path(entry.getKey()).asText()));
	}

}
