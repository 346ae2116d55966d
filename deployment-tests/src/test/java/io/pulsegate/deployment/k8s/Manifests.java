package io.pulsegate.deployment.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kubernetes objects a kustomization renders, as JSON trees.
 *
 * @param objects every object, in the order rendered
 */
record Manifests(List<JsonNode> objects) {

	private static final YAMLMapper yaml = new YAMLMapper();

	static Manifests parse(String multiDocumentYaml) {
		List<JsonNode> objects = new ArrayList<>();
		try (MappingIterator<JsonNode> documents = yaml.readerFor(JsonNode.class).readValues(multiDocumentYaml)) {
			while (documents.hasNext()) {
				JsonNode document = documents.next();
				if (document != null && !document.isNull() && !document.isEmpty()) {
					objects.add(document);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Manifests(List.copyOf(objects));
	}

	List<JsonNode> ofKind(String kind) {
		return this.objects.stream().filter((object) -> kind.equals(object.path("kind").asText())).toList();
	}

	Optional<JsonNode> find(String kind, String name) {
		return ofKind(kind).stream().filter((object) -> name.equals(name(object))).findFirst();
	}

	JsonNode get(String kind, String name) {
		return find(kind, name).orElseThrow(() -> new AssertionError(
				"No " + kind + " named " + name + " among " + this.objects.stream().map(Manifests::describe).toList()));
	}

	/**
	 * The one container of a Deployment's or StatefulSet's pods.
	 * @param workload the Deployment or StatefulSet
	 * @return its container
	 */
	static JsonNode container(JsonNode workload) {
		JsonNode containers = workload.at("/spec/template/spec/containers");
		if (containers.size() != 1) {
			throw new AssertionError(describe(workload) + " has " + containers.size() + " containers, expected one");
		}
		return containers.get(0);
	}

	/**
	 * What a workload's container finds in its environment.
	 * @param workload the Deployment or StatefulSet
	 * @return its environment, with the ConfigMaps and Secrets it loads resolved
	 */
	ContainerEnvironment environment(JsonNode workload) {
		return ContainerEnvironment.of(container(workload), this);
	}

	static String name(JsonNode object) {
		return object.at("/metadata/name").asText();
	}

	static String describe(JsonNode object) {
		return object.path("kind").asText() + " " + name(object);
	}

}
