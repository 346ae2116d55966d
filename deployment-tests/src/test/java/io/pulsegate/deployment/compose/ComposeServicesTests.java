package io.pulsegate.deployment.compose;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.pulsegate.deployment.service.ApplicationConfiguration;
import io.pulsegate.deployment.service.MavenPom;
import io.pulsegate.deployment.service.ServiceModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services of {@code docker-compose.yml}: images, ports, health checks and start
 * order, checked against the applications and the agreed names.
 */
class ComposeServicesTests {

	private final ComposeFile compose = ComposeFile.load();

	@Test
	void definesTheAgreedServices() {
		assertThat(this.compose.serviceNames()).containsExactlyInAnyOrder("pulsar", "postgres", "ingress", "consumer",
				"prometheus", "grafana");
	}

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void buildsEachApplicationImageFromItsModulesDockerfile(ServiceModule module) {
		ComposeService service = this.compose.service(module);
		assertThat(service.image()).contains(module.imageName());
		assertThat(service.buildContext()).as("build context of %s", service.name()).isPresent();
		Path context = this.compose.file().resolveSibling(service.buildContext().get()).normalize();
		assertThat(context).isEqualTo(module.directory().normalize());
		assertThat(context.resolve(service.dockerfile())).isEqualTo(module.dockerfile()).isRegularFile();
		assertThat(service.pullPolicy()).as("our images are built here, never pulled from a registry")
			.contains("build");
	}

	@Test
	void runsTheBrokerVersionTheClientsAreBuiltWith() {
		String pulsarVersion = MavenPom.root().property("pulsar.version").orElseThrow();
		assertThat(this.compose.service("pulsar").image()).contains("apachepulsar/pulsar:" + pulsarVersion);
	}

	@Test
	void pinsEveryThirdPartyImageToAVersion() {
		assertThat(this.compose.service("postgres").image()).contains("postgres:17");
		assertThat(this.compose.service("prometheus").image())
			.hasValueSatisfying((image) -> assertThat(image).matches("prom/prometheus:v[0-9]+\\.[0-9]+\\.[0-9]+"));
		assertThat(this.compose.service("grafana").image())
			.hasValueSatisfying((image) -> assertThat(image).matches("grafana/grafana:[0-9]+\\.[0-9]+\\.[0-9]+"));
	}

	@Test
	void publishesTheIngressOnTheApplicationsPort() {
		int port = ServiceModule.INGRESS.configuration().serverPort();
		assertThat(this.compose.service("ingress").ports()).extracting(PortMapping::containerPort)
			.containsExactly(port);
	}

	@Test
	void runsTwoConsumerReplicasWithoutFixedNamesOrHostPorts() {
		ComposeService consumer = this.compose.service("consumer");
		assertThat(consumer.replicas()).contains(2);
		assertThat(consumer.ports()).isEmpty();
		assertThat(consumer.containerName()).isEmpty();
	}

	@Test
	void publishesThePrometheusAndGrafanaUserInterfaces() {
		assertThat(this.compose.service("prometheus").ports()).extracting(PortMapping::containerPort)
			.containsExactly(9090);
		assertThat(this.compose.service("grafana").ports()).extracting(PortMapping::containerPort)
			.containsExactly(3000);
	}

	@Test
	void publishesPortsOnTheLoopbackOnly() {
		assertThat(this.compose.serviceNames().stream().map(this.compose::service).flatMap((s) -> s.ports().stream()))
			.as("published ports, which carry local-only default passwords")
			.isNotEmpty()
			.allSatisfy((port) -> assertThat(port.hostIp()).isEqualTo("127.0.0.1"));
	}

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void checksTheReadinessProbeTheApplicationServes(ServiceModule module) {
		ApplicationConfiguration configuration = module.configuration();
		HealthCheck check = this.compose.service(module).healthCheck().orElseThrow();
		assertThat(check.program()).as("a tool of the Temurin image").isEqualTo("curl");
		assertThat(check.commandLine()).contains("-f");
		assertThat(check.urls()).singleElement().satisfies((url) -> {
			assertThat(url.getHost()).isEqualTo("127.0.0.1");
			assertThat(url.getPort()).isEqualTo(configuration.managementPort());
			assertThat(url.getPath()).isEqualTo(configuration.health().readinessPath());
		});
	}

	@Test
	void checksTheBrokerThroughItsHealthEndpointOnTheAdminPortTheServicesUse() {
		int adminPort = URI.create(this.compose.service("ingress").environment().get("PULSAR_ADMIN_URL")).getPort();
		HealthCheck check = this.compose.service("pulsar").healthCheck().orElseThrow();
		assertThat(check.urls()).extracting(URI::getPath).contains("/admin/v2/brokers/health");
		assertThat(check.urls()).allSatisfy((url) -> assertThat(url.getPort()).isEqualTo(adminPort));
		assertThat(check.commandLine()).contains("curl -fsS");
	}

	@Test
	void checksPostgresForTheApplicationsDatabaseAndUser() {
		Map<String, String> environment = this.compose.service("postgres").environment();
		HealthCheck check = this.compose.service("postgres").healthCheck().orElseThrow();
		assertThat(check.test()).containsSubsequence("CMD", "pg_isready")
			.containsSubsequence("-U", environment.get("POSTGRES_USER"))
			.containsSubsequence("-d", environment.get("POSTGRES_DB"));
	}

	@Test
	void startsEveryServiceOnlyOnceTheServicesItDependsOnAreHealthy() {
		for (String name : this.compose.serviceNames()) {
			this.compose.service(name).dependsOn().forEach((dependency, condition) -> {
				assertThat(this.compose.serviceNames()).as("%s depends on", name).contains(dependency);
				if (this.compose.service(dependency).healthCheck().isPresent()) {
					assertThat(condition).as("%s's condition on %s", name, dependency).isEqualTo("service_healthy");
				}
			});
		}
	}

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void dependsOnEveryServiceItsEnvironmentPointsAt(ServiceModule module) {
		ComposeService service = this.compose.service(module);
		Set<String> dependencies = service.dependsOn().keySet();
		service.environment()
			.values()
			.stream()
			.map((value) -> value.replaceFirst("^jdbc:", ""))
			.filter((value) -> value.matches("[a-z]+://.*"))
			.map((value) -> URI.create(value).getHost())
			.filter(this.compose.serviceNames()::contains)
			.forEach((host) -> assertThat(dependencies).as("%s's dependencies", service.name()).contains(host));
	}

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void givesTheApplicationTimeToShutDownGracefullyBeforeItIsKilled(ServiceModule module) {
		ApplicationConfiguration configuration = module.configuration();
		assertThat(configuration.setting("server.shutdown")).contains("graceful");
		Duration perPhase = configuration.shutdownPhaseTimeout();
		// Draining HTTP requests and stopping the Pulsar clients are two phases.
		assertThat(this.compose.service(module).stopGracePeriod()).hasValueSatisfying(
				(grace) -> assertThat(grace).as("stop_grace_period").isGreaterThan(perPhase.multipliedBy(2)));
	}

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void limitsTheMemoryTheJvmSizesItsHeapFrom(ServiceModule module) {
		assertThat(this.compose.service(module).memoryLimit()).as("memory limit of %s", module.serviceName())
			.hasValueSatisfying((limit) -> assertThat(limit).matches("[0-9]+[MG]"));
	}

	@Test
	void configuresTheBrokerBeforeStartingItAndAdvertisesItsServiceName() {
		ComposeService pulsar = this.compose.service("pulsar");
		assertThat(pulsar.environment()).containsEntry("PULSAR_PREFIX_managedLedgerCacheSizeMB", "0");
		String command = String.join(" ", pulsar.command());
		int configure = command.indexOf("bin/apply-config-from-env.py conf/standalone.conf");
		int start = command.indexOf("bin/pulsar standalone");
		assertThat(configure).as("applying the settings in: %s", command).isNotNegative();
		assertThat(start).as("starting the standalone broker after applying them in: %s", command)
			.isGreaterThan(configure);
		assertThat(command.substring(start)).contains("--advertised-address " + pulsar.name());
	}

	@Test
	void mountsTheMonitoringConfigurationAtTheAgreedPaths() {
		assertThat(this.compose.service("prometheus").volumes())
			.contains(new VolumeMount("./monitoring/prometheus", "/etc/prometheus", true));
		assertThat(this.compose.service("prometheus").command())
			.contains("--config.file=/etc/prometheus/prometheus.yml");
		assertThat(this.compose.service("grafana").volumes()).contains(
				new VolumeMount("./monitoring/grafana/provisioning", "/etc/grafana/provisioning", true),
				new VolumeMount("./monitoring/grafana/dashboards", "/var/lib/grafana/dashboards", true));
	}

	@Test
	void mountsOnlyNamedVolumesItDeclares() {
		for (String name : this.compose.serviceNames()) {
			assertThat(this.compose.service(name).volumes()).filteredOn((volume) -> !volume.isBindMount())
				.extracting(VolumeMount::source)
				.as("named volumes of %s", name)
				.allSatisfy((volume) -> assertThat(this.compose.namedVolumes()).contains(volume));
		}
	}

	@Test
	void keepsTheDataOfBrokerDatabaseAndMonitoringInNamedVolumes() {
		Map<String, String> dataFolders = Map.of("pulsar", "/pulsar/data", "postgres", "/var/lib/postgresql/data",
				"prometheus", "/prometheus", "grafana", "/var/lib/grafana");
		dataFolders.forEach(
				(service, folder) -> assertThat(this.compose.service(service).volumes()).as("volumes of %s", service)
					.anySatisfy((volume) -> {
						assertThat(volume.isBindMount()).isFalse();
						assertThat(volume.target()).isEqualTo(folder);
					}));
	}

}
