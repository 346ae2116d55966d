package io.pulsegate.deployment.compose;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The properties that Spring Boot's jars on the test classpath declare, with their
 * defaults, from their {@code META-INF/spring-configuration-metadata.json}. The classpath
 * holds both services and what they depend on.
 */
final class BootConfigurationMetadata {

	private static final String RESOURCE = "META-INF/spring-configuration-metadata.json";

	private static final BootConfigurationMetadata INSTANCE = load();

	private final Map<String, JsonNode> properties;

	private BootConfigurationMetadata(Map<String, JsonNode> properties) {
		this.properties = properties;
	}

	static BootConfigurationMetadata get() {
		return INSTANCE;
	}

	boolean declares(String name) {
		return this.properties.containsKey(name);
	}

	/**
	 * The default value of a property, lists joined with commas as in a properties file.
	 * @param name the property
	 * @return its default, or empty when it has none or is not declared
	 */
	Optional<String> defaultValue(String name) {
		JsonNode property = this.properties.get(name);
		if (property == null || !property.hasNonNull("defaultValue")) {
			return Optional.empty();
		}
		JsonNode value = property.get("defaultValue");
		if (value.isArray()) {
			return Optional.of(StreamSupport.stream(value.spliterator(), false)
				.map(JsonNode::asText)
				.collect(Collectors.joining(",")));
		}
		return Optional.of(value.asText());
	}

	private static BootConfigurationMetadata load() {
		ObjectMapper json = new ObjectMapper();
		Map<String, JsonNode> properties = new HashMap<>();
		try {
			for (URL resource : Collections
				.list(BootConfigurationMetadata.class.getClassLoader().getResources(RESOURCE))) {
				try (InputStream in = resource.openStream()) {
					for (JsonNode property : json.readTree(in).path("properties")) {
						properties.putIfAbsent(property.get("name").asText(), property);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new BootConfigurationMetadata(properties);
	}

}
