package io.pulsegate.deployment.k8s;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The environment variables of a container: its own {@code env} and what its
 * {@code envFrom} loads from the rendered ConfigMaps and Secrets.
 *
 * @param variables each variable by name, with where its value comes from
 */
record ContainerEnvironment(Map<String, Source> variables) {

	static ContainerEnvironment of(JsonNode container, Manifests manifests) {
		Map<String, Source> variables = new LinkedHashMap<>();
		for (JsonNode from : container.path("envFrom")) {
			if (from.has("configMapRef")) {
				String name = from.at("/configMapRef/name").asText();
				manifests.get("ConfigMap", name)
					.path("data")
					.properties()
					.forEach((entry) -> variables.put(entry.getKey(),
							Source.literal(entry.getValue().asText(), "ConfigMap " + name)));
			}
			if (from.has("secretRef")) {
				String name = from.at("/secretRef/name").asText();
				manifests.find("Secret", name).ifPresent((secret) -> {
					secret.path("data")
						.properties()
						.forEach((entry) -> variables.put(entry.getKey(), Source.secret(name, entry.getKey())));
					secret.path("stringData")
						.properties()
						.forEach((entry) -> variables.put(entry.getKey(), Source.secret(name, entry.getKey())));
				});
			}
		}
		// env wins over envFrom, as in Kubernetes.
		for (JsonNode variable : container.path("env")) {
			String name = variable.path("name").asText();
			JsonNode secretKey = variable.at("/valueFrom/secretKeyRef");
			JsonNode configMapKey = variable.at("/valueFrom/configMapKeyRef");
			if (!secretKey.isMissingNode()) {
				variables.put(name, Source.secret(secretKey.path("name").asText(), secretKey.path("key").asText()));
			}
			else if (!configMapKey.isMissingNode()) {
				String configMap = configMapKey.path("name").asText();
				variables.put(name,
						Source.literal(manifests.get("ConfigMap", configMap)
							.path("data")
							.path(configMapKey.path("key").asText())
							.asText(), "ConfigMap " + configMap));
			}
			else {
				variables.put(name, Source.literal(variable.path("value").asText(), "env"));
			}
		}
		return new ContainerEnvironment(variables);
	}

	/**
	 * The value of a variable that is given as such (not from a Secret).
	 * @param name the variable
	 * @return its value, if set and not secret
	 */
	Optional<String> value(String name) {
		return Optional.ofNullable(this.variables.get(name)).map(Source::value);
	}

	/**
	 * Where a variable's value comes from: a literal (in the pod spec or a ConfigMap) or
	 * a Secret's key.
	 *
	 * @param value the literal value, or {@code null} for a Secret's
	 * @param origin {@code env}, {@code ConfigMap <name>} or {@code Secret <name>}
	 * @param secretKey the Secret's key, or {@code null}
	 */
	record Source(String value, String origin, String secretKey) {

		static Source literal(String value, String origin) {
			return new Source(value, origin, null);
		}

		static Source secret(String secret, String key) {
			return new Source(null, "Secret " + secret, key);
		}

		boolean isSecret() {
			return this.secretKey != null;
		}

	}

}
