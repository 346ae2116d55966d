package io.pulsegate.deployment.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pulsegate.deployment.RepositoryRoot;
import io.pulsegate.deployment.service.ServiceModule;

/**
 * A parsed {@code docker-compose.yml}.
 *
 * @param file where it was read from
 * @param root its content
 */
record ComposeFile(Path file, JsonNode root) {

	static ComposeFile load() {
		return load(RepositoryRoot.resolve("docker-compose.yml"));
	}

	static ComposeFile load(Path file) {
		try {
			return new ComposeFile(file, new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Set<String> serviceNames() {
		Set<String> names = new LinkedHashSet<>();
		this.root.path("services").fieldNames().forEachRemaining(names::add);
		return names;
	}

	ComposeService service(String name) {
		JsonNode definition = this.root.path("services").get(name);
		if (definition == null) {
			throw new IllegalArgumentException("No service '" + name + "' in " + this.file);
		}
		return new ComposeService(name, definition);
	}

	ComposeService service(ServiceModule module) {
		return service(module.serviceName());
	}

	/**
	 * The volumes declared at the top level, which services may mount by name.
	 * @return their names
	 */
	Set<String> namedVolumes() {
		Set<String> names = new LinkedHashSet<>();
		this.root.path("volumes").fieldNames().forEachRemaining(names::add);
		return names;
	}

}
