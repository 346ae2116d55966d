package io.pulsegate.deployment.compose;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One service of {@code docker-compose.yml}, read in the forms the Compose specification
 * allows (lists or maps, short or long syntax where the tests meet them).
 *
 * @param name the service's name
 * @param definition its definition
 */
record ComposeService(String name, JsonNode definition) {

	Optional<String> image() {
		return text(this.definition.get("image"));
	}

	/**
	 * The build context, relative to the compose file.
	 * @return the context, or empty when the service is not built
	 */
	Optional<String> buildContext() {
		JsonNode build = this.definition.get("build");
		if (build == null) {
			return Optional.empty();
		}
		return build.isTextual() ? Optional.of(build.asText()) : text(build.get("context"));
	}

	String dockerfile() {
		return text(this.definition.path("build").get("dockerfile")).orElse("Dockerfile");
	}

	Optional<String> pullPolicy() {
		return text(this.definition.get("pull_policy"));
	}

	Optional<String> containerName() {
		return text(this.definition.get("container_name"));
	}

	/**
	 * The environment, from either the map or the {@code KEY=value} list form.
	 * @return variable names and their values as written, before interpolation
	 */
	Map<String, String> environment() {
		Map<String, String> environment = new LinkedHashMap<>();
		JsonNode node = this.definition.path("environment");
		if (node.isObject()) {
			node.fields()
				.forEachRemaining((field) -> environment.put(field.getKey(),
						field.getValue().isNull() ? "" : field.getValue().asText()));
		}
		else {
			for (JsonNode entry : node) {
				String[] parts = entry.asText().split("=", 2);
				environment.put(parts[0], (parts.length > 1) ? parts[1] : "");
			}
		}
		return environment;
	}

	List<PortMapping> ports() {
		List<PortMapping> ports = new ArrayList<>();
		for (JsonNode port : this.definition.path("ports")) {
			ports.add(port.isObject() ? PortMapping.of(port) : PortMapping.parse(port.asText()));
		}
		return ports;
	}

	Optional<HealthCheck> healthCheck() {
		return Optional.ofNullable(this.definition.get("healthcheck")).map(HealthCheck::of);
	}

	/**
	 * The services this one waits for, each with its condition; the list form waits only
	 * for them to start.
	 * @return dependencies and their conditions
	 */
	Map<String, String> dependsOn() {
		Map<String, String> dependencies = new LinkedHashMap<>();
		JsonNode node = this.definition.path("depends_on");
		if (node.isObject()) {
			node.fields()
				.forEachRemaining((field) -> dependencies.put(field.getKey(),
						field.getValue().path("condition").asText("service_started")));
		}
		else {
			node.forEach((dependency) -> dependencies.put(dependency.asText(), "service_started"));
		}
		return dependencies;
	}

	List<VolumeMount> volumes() {
		List<VolumeMount> volumes = new ArrayList<>();
		for (JsonNode volume : this.definition.path("volumes")) {
			volumes.add(volume.isObject() ? VolumeMount.of(volume) : VolumeMount.parse(volume.asText()));
		}
		return volumes;
	}

	/**
	 * The command, split as Compose splits a string command.
	 * @return its arguments
	 */
	List<String> command() {
		JsonNode command = this.definition.path("command");
		if (command.isTextual()) {
			return Arrays.asList(command.asText().strip().split("\\s+"));
		}
		List<String> arguments = new ArrayList<>();
		command.forEach((argument) -> arguments.add(argument.asText()));
		return arguments;
	}

	Optional<Integer> replicas() {
		JsonNode replicas = this.definition.path("deploy").get("replicas");
		return Optional.ofNullable(replicas).map(JsonNode::asInt);
	}

	Optional<String> memoryLimit() {
		return text(this.definition.path("deploy").path("resources").path("limits").get("memory"));
	}

	Optional<Duration> stopGracePeriod() {
		return text(this.definition.get("stop_grace_period")).map(GoDuration::parse);
	}

	private static Optional<String> text(JsonNode node) {
		return Optional.ofNullable(node).filter((value) -> !value.isNull()).map(JsonNode::asText);
	}

}
