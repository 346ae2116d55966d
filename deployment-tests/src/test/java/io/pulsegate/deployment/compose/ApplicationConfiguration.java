package io.pulsegate.deployment.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A service's {@code application.yml}, flattened to property names such as
 * {@code pulsegate.ingress.routes[0].topic}, with Spring's placeholders resolved as they
 * are when no environment variable is set. Settings it does not make take Spring Boot's
 * defaults.
 */
final class ApplicationConfiguration {

	// ${name} or ${name:default}, as Spring writes them.
	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

	// Placeholders in capitals name environment variables; the others name properties.
	private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

	private static final int MAX_NESTING = 10;

	private final Map<String, String> properties;

	private ApplicationConfiguration(Map<String, String> properties) {
		this.properties = properties;
	}

	static ApplicationConfiguration load(Path file) {
		try {
			JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
			Map<String, String> properties = new LinkedHashMap<>();
			flatten("", root, properties);
			return new ApplicationConfiguration(Collections.unmodifiableMap(properties));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Set<String> propertyNames() {
		return this.properties.keySet();
	}

	Optional<String> raw(String name) {
		return Optional.ofNullable(this.properties.get(name));
	}

	/**
	 * A setting as the service sees it without environment variables: the file's value
	 * with placeholders resolved, else Spring Boot's default.
	 * @param name the property
	 * @return its value, or empty when neither the file nor Boot gives one
	 */
	Optional<String> setting(String name) {
		return raw(name).map((value) -> resolve(value, 0)).or(() -> BootConfigurationMetadata.get().defaultValue(name));
	}

	/**
	 * The environment variables that the file's placeholders name, such as
	 * {@code PULSAR_SERVICE_URL}.
	 * @return their names
	 */
	Set<String> placeholderVariables() {
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
	Optional<String> placeholderVariableOf(String name) {
		return raw(name).map(PLACEHOLDER::matcher)
			.filter(Matcher::find)
			.map((matcher) -> matcher.group(1))
			.filter((variable) -> VARIABLE_NAME.matcher(variable).matches());
	}

	int serverPort() {
		return Integer.parseInt(requiredSetting("server.port"));
	}

	/**
	 * The port of the actuator endpoints: {@code management.server.port}, else the
	 * server's.
	 * @return the port
	 */
	int managementPort() {
		return setting("management.server.port").map(Integer::parseInt).orElseGet(this::serverPort);
	}

	ActuatorHealth health() {
		return ActuatorHealth.of(this);
	}

	String requiredSetting(String name) {
		return setting(name).orElseThrow(() -> new IllegalStateException("No value and no default for " + name));
	}

	private String resolve(String value, int depth) {
		if (depth > MAX_NESTING) {
			throw new IllegalStateException("Placeholders nested too deep in " + value);
		}
		Matcher matcher = PLACEHOLDER.matcher(value);
		StringBuilder resolved = new StringBuilder();
		while (matcher.find()) {
			String name = matcher.group(1);
			String defaultValue = matcher.group(2);
			String replacement;
			if (this.properties.containsKey(name)) {
				replacement = resolve(this.properties.get(name), depth + 1);
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
