package io.pulsegate.deployment.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pulsegate.deployment.RepositoryRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production overlay talks to an external Pulsar cluster over TLS with a token, keeps
 * secrets in Secrets it does not ship, and shares idempotency keys between replicas.
 */
class ProductionOverlayTests {

	private static final String TOKEN_AUTHENTICATION = "org.apache.pulsar.client.impl.auth.AuthenticationToken";

	private static final Pattern secretName = Pattern.compile("(?i).*(PASSWORD|TOKEN|SECRET|APIKEYS_\\d+_KEY).*");

	private static final Manifests production = Overlay.render("production");

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ingress", "consumer" })
	void theServicesReachPulsarOverTls(String service) {
		ContainerEnvironment environment = environment(service);

		assertThat(environment.value("PULSAR_SERVICE_URL"))
			.hasValueSatisfying((url) -> assertThat(URI.create(url).getScheme()).isEqualTo("pulsar+ssl"));
		assertThat(environment.value("PULSAR_ADMIN_URL"))
			.hasValueSatisfying((url) -> assertThat(URI.create(url).getScheme()).isEqualTo("https"));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ingress", "consumer" })
	void theClientAndTheAdminClientAuthenticateWithATokenFromASecret(String service) {
		ContainerEnvironment environment = environment(service);

		for (String client : List.of("CLIENT", "ADMIN")) {
			String prefix = "SPRING_PULSAR_" + client + "_AUTHENTICATION_";
			assertThat(environment.value(prefix + "PLUGIN_CLASS_NAME")).contains(TOKEN_AUTHENTICATION);
			assertThat(environment.variables().get(prefix + "PARAM_TOKEN")).as(prefix + "PARAM_TOKEN")
				.satisfies((source) -> assertThat(source.isSecret()).isTrue());
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ingress", "consumer" })
	void theJvmTrustsTheCertificatesOfAMountedSecret(String service) {
		JsonNode deployment = production.get("Deployment", service);
		Matcher trustStore = Pattern.compile("-Djavax\\.net\\.ssl\\.trustStore=(\\S+)")
			.matcher(environment(service).value("JAVA_TOOL_OPTIONS").orElse(""));

		assertThat(trustStore.find()).as("a trust store in JAVA_TOOL_OPTIONS").isTrue();
		String path = trustStore.group(1);
		JsonNode mount = Manifests.container(deployment)
			.path("volumeMounts")
			.valueStream()
			.filter((candidate) -> path.startsWith(candidate.path("mountPath").asText() + "/"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("Nothing is mounted where " + path + " is"));
		JsonNode volume = deployment.at("/spec/template/spec/volumes")
			.valueStream()
			.filter((candidate) -> candidate.path("name").asText().equals(mount.path("name").asText()))
			.findFirst()
			.orElseThrow();

		assertThat(mount.path("readOnly").asBoolean()).isTrue();
		assertThat(volume.at("/secret/secretName").asText()).isEqualTo("pulsar-tls");
	}

	@Test
	void replicasShareIdempotencyKeysThroughRedis() {
		ContainerEnvironment environment = environment("ingress");

		assertThat(production.get("HorizontalPodAutoscaler", "ingress").at("/spec/minReplicas").asInt())
			.isGreaterThan(1);
		assertThat(environment.value("PULSEGATE_INGRESS_IDEMPOTENCY_STORE")).contains("redis");
		assertThat(environment.value("SPRING_DATA_REDIS_HOST")).isPresent();
	}

	@Test
	void theDatabaseIsExternal() {
		assertThat(environment("consumer").value("PULSEGATE_DB_URL")).hasValueSatisfying(
				(url) -> assertThat(url).startsWith("jdbc:postgresql://").doesNotContain("//postgres:"));
		assertThat(production.ofKind("StatefulSet")).isEmpty();
	}

	@Test
	void noSecretIsShippedSoNoPlaceholderCanOverwriteARealOne() {
		assertThat(production.ofKind("Secret")).isEmpty();
	}

	@Test
	void everySecretValueTheServicesReadComesFromASecret() {
		List<String> exposed = new ArrayList<>();
		for (String service : Overlay.services) {
			environment(service).variables().forEach((name, source) -> {
				if (secretName.matcher(name).matches() && !source.isSecret()) {
					exposed.add(service + ": " + name + " (from " + source.origin() + ")");
				}
			});
		}

		assertThat(exposed).isEmpty();
	}

	@Test
	void noConfigMapHoldsASecretOrAPlaceholderOfOne() {
		List<String> placeholders = placeholderSecretValues();
		List<String> leaks = new ArrayList<>();
		for (JsonNode configMap : production.ofKind("ConfigMap")) {
			configMap.path("data").properties().forEach((entry) -> {
				String value = entry.getValue().asText();
				if (secretName.matcher(entry.getKey()).matches() || placeholders.stream().anyMatch(value::contains)
						|| value.contains("CHANGE-ME")) {
					leaks.add(Manifests.name(configMap) + ": " + entry.getKey());
				}
			});
		}

		assertThat(placeholders).isNotEmpty();
		assertThat(leaks).isEmpty();
	}

	private static ContainerEnvironment environment(String service) {
		return production.environment(production.get("Deployment", service));
	}

	private static List<String> placeholderSecretValues() {
		try {
			List<String> values = new ArrayList<>();
			new YAMLMapper().readerFor(JsonNode.class)
				.<JsonNode>readValues(RepositoryRoot.resolve("k8s/base/secrets/secrets.yaml").toFile())
				.readAll()
				.forEach((secret) -> secret.path("stringData")
					.properties()
					.forEach((entry) -> values.add(entry.getValue().asText())));
			// Short values such as the tenant "public" are not secret.
			return values.stream().filter((value) -> value.length() >= 16).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
