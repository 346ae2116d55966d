package io.pulsegate.deployment.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every pod runs as the restricted Pod Security Standard asks (the namespace enforces
 * it), with requests and limits; the services' own pods also on a read-only root
 * filesystem with a writable /tmp.
 */
class PodHardeningTests {

	static Stream<Arguments> workloads() {
		List<Arguments> workloads = new ArrayList<>();
		for (String overlay : Overlay.names) {
			Manifests manifests = Overlay.render(overlay);
			Stream.concat(manifests.ofKind("Deployment").stream(), manifests.ofKind("StatefulSet").stream())
				.forEach((workload) -> workloads.add(Arguments.of(overlay, Manifests.describe(workload))));
		}
		return workloads.stream();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "local", "production" })
	void theNamespaceEnforcesTheRestrictedPodSecurityStandard(String overlay) {
		JsonNode namespace = Overlay.render(overlay).get("Namespace", "pulsegate");

		assertThat(namespace.at("/metadata/labels/pod-security.kubernetes.io~1enforce").asText())
			.isEqualTo("restricted");
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("workloads")
	void podsRunAsNonRootWithoutCapabilitiesOrPrivilegeEscalation(String overlay, String workload) {
		JsonNode pod = workload(overlay, workload).at("/spec/template/spec");
		JsonNode container = Manifests.container(workload(overlay, workload));

		assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
		assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
		assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
		assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
		assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
		assertThat(container.at("/securityContext/capabilities/drop").valueStream().map(JsonNode::asText))
			.containsExactly("ALL");
		assertThat(container.at("/securityContext/capabilities/add").isMissingNode()).isTrue();
		assertThat(container.at("/securityContext/privileged").asBoolean(false)).isFalse();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("workloads")
	void containersHaveCpuAndMemoryRequestsAndLimits(String overlay, String workload) {
		JsonNode resources = Manifests.container(workload(overlay, workload)).path("resources");

		for (String bound : List.of("requests", "limits")) {
			for (String resource : List.of("cpu", "memory")) {
				assertThat(resources.at("/" + bound + "/" + resource).asText()).as(bound + "." + resource).isNotEmpty();
			}
		}
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("io.pulsegate.deployment.k8s.Overlay#overlaysAndServices")
	void servicesRunOnAReadOnlyRootFilesystemWithAWritableTmp(String overlay, String service) {
		JsonNode deployment = Overlay.render(overlay).get("Deployment", service);
		JsonNode container = Manifests.container(deployment);
		String tmpVolume = container.path("volumeMounts")
			.valueStream()
			.filter((mount) -> mount.path("mountPath").asText().equals("/tmp"))
			.map((mount) -> mount.path("name").asText())
			.findFirst()
			.orElse("(none)");

		assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
		assertThat(deployment.at("/spec/template/spec/volumes")
			.valueStream()
			.filter((volume) -> volume.path("name").asText().equals(tmpVolume))
			.filter((volume) -> volume.has("emptyDir"))).as("emptyDir volume mounted at /tmp").hasSize(1);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("io.pulsegate.deployment.k8s.Overlay#overlaysAndServices")
	void theJvmSizesItsHeapFromTheContainersMemoryLimit(String overlay, String service) {
		Manifests manifests = Overlay.render(overlay);
		ContainerEnvironment environment = manifests.environment(manifests.get("Deployment", service));

		assertThat(environment.value("JAVA_TOOL_OPTIONS"))
			.hasValueSatisfying((options) -> assertThat(options).contains("-XX:MaxRAMPercentage=")
				.contains("-XX:+ExitOnOutOfMemoryError")
				.doesNotContain("-Xmx"));
	}

	private static JsonNode workload(String overlay, String described) {
		String[] kindAndName = described.split(" ");
		return Overlay.render(overlay).get(kindAndName[0], kindAndName[1]);
	}

}
