package io.pulsegate.deployment.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The configuration properties a service knows: the Spring configuration metadata of its
 * own classes and of every library in its executable jar.
 *
 * @param types each property's Java type, by property name
 */
record ConfigurationMetadata(Map<String, String> types) {

	private static final ObjectMapper json = new ObjectMapper();

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	static ConfigurationMetadata readFrom(Path executableJar) {
		Map<String, String> types = new HashMap<>();
		Path library = null;
		try (JarFile jar = new JarFile(executableJar.toFile())) {
			library = Files.createTempFile("library", ".jar");
			for (JarEntry entry : jar.stream().toList()) {
				if (entry.getName().equals(METADATA) || entry.getName().equals("BOOT-INF/classes/" + METADATA)) {
					try (InputStream in = jar.getInputStream(entry)) {
						addProperties(in, types);
					}
				}
				else if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
					// Libraries are stored uncompressed: copying one is quick, and then
					// only its metadata is read, not every class before it.
					try (InputStream in = jar.getInputStream(entry)) {
						Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
					}
					try (ZipFile libraryJar = new ZipFile(library.toFile())) {
						ZipEntry metadata = libraryJar.getEntry(METADATA);
						if (metadata != null) {
							try (InputStream in = libraryJar.getInputStream(metadata)) {
								addProperties(in, types);
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
			deleteQuietly(library);
		}
		if (types.isEmpty()) {
			throw new IllegalStateException(executableJar + " has no Spring configuration metadata");
		}
		return new ConfigurationMetadata(Map.copyOf(types));
	}

	private static void deleteQuietly(Path file) {
		if (file == null) {
			return;
		}
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// A leftover file in the temporary directory does no harm.
		}
	}

	private static void addProperties(InputStream metadata, Map<String, String> types) throws IOException {
		// Read all of it first: Jackson would close the jar's stream.
		JsonNode root = json.readTree(metadata.readAllBytes());
		for (JsonNode property : root.path("properties")) {
			// Listed only to report its removal: Spring Boot no longer binds it.
			boolean removed = property.at("/deprecation/level").asText().equals("error");
			if (!removed) {
				types.put(property.path("name").asText(), property.path("type").asText(""));
			}
		}
	}

	/**
	 * Whether an environment variable binds to a known property, by Spring Boot's own
	 * relaxed binding: to the property itself or, for a map or list, to an entry of it.
	 * @param variable such as {@code SPRING_DATA_REDIS_HOST}
	 * @return whether some known property takes its value from it
	 */
	boolean binds(String variable) {
		return binds(variable, this.types);
	}

	/**
	 * Whether an environment variable binds to one of some properties.
	 * @param variable the variable's name
	 * @param types the properties' Java types (empty if unknown), by property name
	 * @return whether one of the properties takes its value from it
	 */
	static boolean binds(String variable, Map<String, String> types) {
		SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "set"));
		ConfigurationPropertySource source = ConfigurationPropertySource.from(environment);
		return types.entrySet().stream().anyMatch((property) -> {
			ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(property.getKey());
			return name != null && (source.getConfigurationProperty(name) != null || (isMapOrList(property.getValue())
					&& source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT));
		});
	}

	private static boolean isMapOrList(String type) {
		return type.startsWith("java.util.Map<") || type.startsWith("java.util.List<")
				|| type.startsWith("java.util.Set<");
	}

}
