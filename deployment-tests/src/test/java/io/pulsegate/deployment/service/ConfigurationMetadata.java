package io.pulsegate.deployment.service;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The configuration properties a service knows, with their types and defaults: the Spring
 * configuration metadata of its own classes and of every library in its executable jar.
 * Each service has its own: a property of a library that only the other service ships is
 * not one it knows. A property listed only to report its removal (deprecation level
 * {@code error}) is not known: Spring Boot no longer binds it.
 *
 * @param properties each property's metadata, by property name
 */
public record ConfigurationMetadata(Map<String, JsonNode> properties) {

	private static final ObjectMapper json = new ObjectMapper();

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	static ConfigurationMetadata readFrom(Path executableJar) {
		Map<String, JsonNode> properties = new HashMap<>();
		File library = null;
		try (JarFile jar = new JarFile(executableJar.toFile())) {
			library = File.createTempFile("library", ".jar");
			for (JarEntry entry : jar.stream().toList()) {
				if (entry.getName().equals(METADATA) || entry.getName().equals("BOOT-INF/classes/" + METADATA)) {
					try (InputStream in = jar.getInputStream(entry)) {
						addProperties(in, properties);
					}
				}
				else if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
					// Libraries are stored uncompressed: copying one is quick, and then
					// only its metadata is read, not every class before it.
					try (InputStream in = jar.getInputStream(entry)) {
						Files.copy(in, library.toPath(), StandardCopyOption.REPLACE_EXISTING);
					}
					try (ZipFile libraryJar = new ZipFile(library)) {
						ZipEntry metadata = libraryJar.getEntry(METADATA);
						if (metadata != null) {
							try (InputStream in = libraryJar.getInputStream(metadata)) {
								addProperties(in, properties);
							}
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + executableJar, ex);
		}
		finally {
			// A file left over in the temporary directory does no harm.
			if (library != null) {
				library.delete();
			}
		}
		if (properties.isEmpty()) {
			throw new IllegalStateException(executableJar + " has no Spring configuration metadata");
		}
		return new ConfigurationMetadata(Map.copyOf(properties));
	}

	private static void addProperties(InputStream metadata, Map<String, JsonNode> properties) throws IOException {
		// Read all of it first: Jackson would close the jar's stream.
		JsonNode root = json.readTree(metadata.readAllBytes());
		for (JsonNode property : root.path("properties")) {
			// Listed only to report its removal: Spring Boot no longer binds it.
			boolean removed = property.at("/deprecation/level").asText().equals("error");
			if (!removed) {
				properties.putIfAbsent(property.path("name").asText(), property);
			}
		}
	}

	/**
	 * Whether the service knows a property.
	 * @param pattern a property name, or a map's name followed by {@code .*} for any of
	 * its keys, such as {@code spring.pulsar.client.authentication.param.*}
	 * @return whether it is a property, or for a key pattern a map property, the service
	 * knows
	 */
	public boolean declares(String pattern) {
		if (pattern.endsWith(".*")) {
			JsonNode map = this.properties.get(pattern.substring(0, pattern.length() - 2));
			return map != null && map.path("type").asText().startsWith("java.util.Map<");
		}
		return this.properties.containsKey(pattern);
	}

	/**
	 * The default value of a property, lists joined with commas as in a properties file.
	 * @param name the property
	 * @return its default, or empty when it has none or is not known
	 */
	public Optional<String> defaultValue(String name) {
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

}
