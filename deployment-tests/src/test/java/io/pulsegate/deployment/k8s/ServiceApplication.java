package io.pulsegate.deployment.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pulsegate.deployment.RepositoryRoot;

/**
 * What a service's own configuration says about how it runs: its {@code application.yml}
 * and the properties its executable jar knows.
 *
 * @param name the Deployment's name, such as {@code ingress}
 * @param properties the application.yml as flat properties ({@code a.b[0].c})
 * @param placeholders environment variables the application.yml reads as {@code ${NAME}}
 * or {@code ${NAME:default}}, with their defaults (empty if none)
 * @param metadata the properties the service knows
 */
record ServiceApplication(String name, Map<String, String> properties, Map<String, String> placeholders,
		ConfigurationMetadata metadata) {

	private static final Pattern placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

	/** Environment variables the JVM reads, not the application. */
	private static final Set<String> jvmVariables = Set.of("JAVA_TOOL_OPTIONS");

	static final ServiceApplication ingress = load("ingress", "ingress-service");

	static final ServiceApplication consumer = load("consumer", "consumer-service");

	static ServiceApplication named(String name) {
		return switch (name) {
			case "ingress" -> ingress;
			case "consumer" -> consumer;
			default -> throw new IllegalArgumentException("No service named " + name);
		};
	}

	private static ServiceApplication load(String name, String module) {
		Path applicationYml = RepositoryRoot.resolve(module + "/src/main/resources/application.yml");
		String jarProperty = "pulsegate." + name + ".jar";
		String jar = System.getProperty(jarProperty);
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("No executable jar of " + module + " in system property " + jarProperty
					+ " (" + jar + "): run the tests through Maven, ./mvnw -B verify -pl deployment-tests");
		}
		try {
			String text = Files.readString(applicationYml);
			Map<String, String> placeholders = new LinkedHashMap<>();
			Matcher matcher = placeholder.matcher(text);
			while (matcher.find()) {
				placeholders.put(matcher.group(1), (matcher.group(2) != null) ? matcher.group(2) : "");
			}
			Map<String, String> properties = new LinkedHashMap<>();
			flatten("", new YAMLMapper().readTree(text), properties);
			return new ServiceApplication(name, properties, placeholders, ConfigurationMetadata.readFrom(Path.of(jar)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void flatten(String prefix, JsonNode node, Map<String, String> properties) {
		if (node.isObject()) {
			node.properties()
				.forEach((entry) -> flatten(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(),
						entry.getValue(), properties));
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				flatten(prefix + "[" + i + "]", node.get(i), properties);
			}
		}
		else {
			properties.put(prefix, node.asText());
		}
	}

	/**
	 * The HTTP port, as the container's environment makes it.
	 * @param environment the container's environment
	 * @return the port the service listens on
	 */
	int port(ContainerEnvironment environment) {
		String port = this.properties.get("server.port");
		Matcher matcher = placeholder.matcher(port);
		if (!matcher.matches()) {
			return Integer.parseInt(port);
		}
		return Integer.parseInt(environment.value(matcher.group(1)).orElse(matcher.group(2)));
	}

	/**
	 * The paths of the health endpoint and its groups, when health is exposed over HTTP:
	 * {@code /actuator/health}, its probe groups if enabled, and configured groups.
	 * @return the paths that answer
	 */
	Set<String> healthPaths() {
		Set<String> paths = new TreeSet<>();
		if (!exposes("health")) {
			return paths;
		}
		String health = actuatorPath("health");
		paths.add(health);
		if (Boolean.parseBoolean(this.properties.get("management.endpoint.health.probes.enabled"))) {
			paths.add(health + "/liveness");
			paths.add(health + "/readiness");
		}
		String groups = "management.endpoint.health.group.";
		this.properties.keySet()
			.stream()
			.filter((key) -> key.startsWith(groups))
			.map((key) -> key.substring(groups.length(), key.indexOf('.', groups.length())))
			.forEach((group) -> paths.add(health + "/" + group));
		return paths;
	}

	/**
	 * The path of an actuator endpoint, if exposed over HTTP.
	 * @param endpoint such as {@code prometheus}
	 * @return its path
	 */
	Optional<String> exposedEndpoint(String endpoint) {
		return exposes(endpoint) ? Optional.of(actuatorPath(endpoint)) : Optional.empty();
	}

	/**
	 * Whether the actuator answers on the service's HTTP port rather than one of its own.
	 * @return {@code true} without {@code management.server.port}
	 */
	boolean actuatorOnServerPort() {
		return !this.properties.containsKey("management.server.port");
	}

	/**
	 * How long Spring waits for each shutdown phase, such as the web server's graceful
	 * shutdown.
	 * @return {@code spring.lifecycle.timeout-per-shutdown-phase}, 30 s by default
	 */
	Duration shutdownPhaseTimeout() {
		String timeout = this.properties.get("spring.lifecycle.timeout-per-shutdown-phase");
		return (timeout != null) ? Duration.ofSeconds(Long.parseLong(timeout.replace("s", "")))
				: Duration.ofSeconds(30);
	}

	boolean shutsDownGracefully() {
		return "graceful".equals(this.properties.get("server.shutdown"));
	}

	/**
	 * Whether the service reads an environment variable: a placeholder in its
	 * application.yml, a property of it or one it knows by relaxed binding, or one the
	 * JVM reads.
	 * @param variable the variable's name
	 * @return whether setting it changes anything
	 */
	boolean reads(String variable) {
		return jvmVariables.contains(variable) || this.placeholders.containsKey(variable)
				|| ConfigurationMetadata.binds(variable, propertyNames()) || this.metadata.binds(variable);
	}

	private Map<String, String> propertyNames() {
		Map<String, String> names = new LinkedHashMap<>();
		this.properties.keySet().forEach((property) -> names.put(property, ""));
		return names;
	}

	private boolean exposes(String endpoint) {
		String include = this.properties.getOrDefault("management.endpoints.web.exposure.include", "health");
		return Arrays.stream(include.split(","))
			.map(String::trim)
			.anyMatch((id) -> id.equals(endpoint) || id.equals("*"));
	}

	private String actuatorPath(String endpoint) {
		return this.properties.getOrDefault("management.endpoints.web.base-path", "/actuator") + "/" + endpoint;
	}

}
