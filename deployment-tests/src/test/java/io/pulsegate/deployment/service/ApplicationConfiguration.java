package io.pulsegate.deployment.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.springframework.boot.convert.DurationStyle;

/**
 * A service's {@code application.yml}, flattened to property names such as
 * {@code pulsegate.ingress.routes[0].topic}, with Spring's placeholders resolved as they
 * are when no environment variable is set (or as a container's environment sets them).
 * Settings it does not make take their defaults from the configuration metadata of the
 * service's jar.
 */
public final class ApplicationConfiguration {

	// ${name} or ${name:default}, as Spring writes them.
	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

	// Placeholders in capitals name environment variables; the others name properties.
	private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

	private static final int MAX_NESTING = 10;

	private static final Function<String, Optional<String>> NO_VARIABLES = (variable) -> Optional.empty();

	private final Map<String, String> properties;

	private final ConfigurationMetadata metadata;

	private ApplicationConfiguration(Map<String, String> properties, ConfigurationMetadata metadata) {
		this.properties = properties;
		this.metadata = metadata;
	}

	static ApplicationConfiguration load(Path file, ConfigurationMetadata metadata) {
		try {
			JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
			Map<String, String> properties = new LinkedHashMap<>();
			flatten("", root, properties);
			return new ApplicationConfiguration(Collections.unmodifiableMap(properties), metadata);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public Set<String> propertyNames() {
		return this.properties.keySet();
	}

	public Optional<String> raw(String name) {
		return Optional.ofNullable(this.properties.get(name));
	}

	/**
	 * A setting as the service sees it without environment variables: the file's value
	 * with placeholders resolved, else the default that the metadata gives.
	 * @param name the property
	 * @return its value, or empty when neither the file nor the metadata gives one
	 */
	public Optional<String> setting(String name) {
		return setting(name, NO_VARIABLES);
	}

	/**
	 * A setting as the service sees it with some environment variables set: the file's
	 * value with its placeholders resolved from those variables first, else the
	 * metadata's default.
	 * @param name the property
	 * @param variables the value of an environment variable, by name
	 * @return its value, or empty when neither the file nor the metadata gives one
	 */
	public Optional<String> setting(String name, Function<String, Optional<String>> variables) {
		return raw(name).map((value) -> resolve(value, variables, 0)).or(() -> this.metadata.defaultValue(name));
	}

	/**
	 * The environment variables that the file's placeholders name, such as
	 * {@code PULSAR_SERVICE_URL}.
	 * @return their names
	 */
	public Set<String> placeholderVariables() {
		Set<String> variables = new LinkedHashSet<>();
		for (String value : this.properties.values()) {
			Matcher matcher = PLACEHOLDER.matcher(value);
			while (matcher.find()) {
				if (VARIABLE_NAME.matcher(matcher.group(1)).matches()) {
					variables.add(matcher.group(1));
				}
			}
		}
		return variables;
	}

	/**
	 * The environment variable a property's value is taken from.
	 * @param name the property, such as {@code server.port}
	 * @return the variable of its placeholder, such as {@code INGRESS_PORT}
	 */
	public Optional<String> placeholderVariableOf(String name) {
		return raw(name).map(PLACEHOLDER::matcher)
			.filter(Matcher::find)
			.map((matcher) -> matcher.group(1))
			.filter((variable) -> VARIABLE_NAME.matcher(variable).matches());
	}

	public int serverPort() {
		return serverPort(NO_VARIABLES);
	}

	/**
	 * The HTTP port, as a container's environment makes it.
	 * @param variables the container's environment variables' values, by name
	 * @return the port the service listens on
	 */
	public int serverPort(Function<String, Optional<String>> variables) {
		return Integer.parseInt(setting("server.port", variables)
			.orElseThrow(() -> new IllegalStateException("No value and no default for server.port")));
	}

	/**
	 * The port of the actuator endpoints: {@code management.server.port}, else the
	 * server's.
	 * @return the port
	 */
	public int managementPort() {
		return setting("management.server.port").map(Integer::parseInt).orElseGet(this::serverPort);
	}

	/**
	 * Whether the actuator answers on the service's HTTP port rather than one of its own.
	 * @return {@code true} without {@code management.server.port}
	 */
	public boolean actuatorOnServerPort() {
		return setting("management.server.port").isEmpty();
	}

	public ActuatorHealth health() {
		return ActuatorHealth.of(this);
	}

	/**
	 * The path of an actuator endpoint, if exposed over HTTP.
	 * @param endpoint such as {@code prometheus}
	 * @return its path, such as {@code /actuator/prometheus}
	 */
	public Optional<String> exposedEndpoint(String endpoint) {
		return exposes(endpoint)
				? Optional.of(requiredSetting("management.endpoints.web.base-path") + "/"
						+ setting("management.endpoints.web.path-mapping." + endpoint).orElse(endpoint))
				: Optional.empty();
	}

	private boolean exposes(String endpoint) {
		return Arrays.stream(setting("management.endpoints.web.exposure.include").orElse("").split(","))
			.map(String::strip)
			.anyMatch((id) -> id.equals(endpoint) || id.equals("*"));
	}

	public boolean shutsDownGracefully() {
		return setting("server.shutdown").filter("graceful"::equalsIgnoreCase).isPresent();
	}

	/**
	 * How long Spring waits for each shutdown phase, such as the web server's graceful
	 * shutdown.
	 * @return {@code spring.lifecycle.timeout-per-shutdown-phase}, read as Spring reads
	 * it
	 */
	public Duration shutdownPhaseTimeout() {
		return DurationStyle.detectAndParse(requiredSetting("spring.lifecycle.timeout-per-shutdown-phase"));
	}

	public String requiredSetting(String name) {
		return setting(name).orElseThrow(() -> new IllegalStateException("No value and no default for " + name));
	}

	private String resolve(String value, Function<String, Optional<String>> variables, int depth) {
		if (depth > MAX_NESTING) {
			throw new IllegalStateException("Placeholders nested too deep in " + value);
		}
		Matcher matcher = PLACEHOLDER.matcher(value);
		StringBuilder resolved = new StringBuilder();
		while (matcher.find()) {
			String name = matcher.group(1);
			String defaultValue = matcher.group(2);
			String replacement;
			Optional<String> variable = variables.apply(name);
			if (variable.isPresent()) {
				replacement = variable.get();
			}
			else if (this.properties.containsKey(name)) {
				replacement = resolve(this.properties.get(name), variables, depth + 1);
			}
			else if (defaultValue != null) {
				replacement = defaultValue;
			}
			else {
				throw new IllegalStateException("Placeholder ${" + name + "} has no value and no default");
			}
			matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(resolved);
		return resolved.toString();
	}

	private static void flatten(String prefix, JsonNode node, Map<String, String> properties) {
		if (node.isObject()) {
			node.fields()
				.forEachRemaining((field) -> flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(),
						field.getValue(), properties));
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				flatten(prefix + "[" + i + "]", node.get(i), properties);
			}
		}
		else {
			properties.put(prefix, node.isNull() ? "" : node.asText());
		}
	}

}
