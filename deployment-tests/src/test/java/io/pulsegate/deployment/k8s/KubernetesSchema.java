package io.pulsegate.deployment.k8s;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

import static java.util.Map.entry;

/**
 * Holds objects to the Kubernetes API schema through the official Java client's models,
 * which are generated from the API's OpenAPI document. Their {@code fromJson} refuses a
 * field the schema does not define, a missing required field and a value of the wrong
 * type, at every level of the object; an API version and kind without a model here is
 * refused too.
 */
final class KubernetesSchema {

	private static final Map<String, Model> models = Map.ofEntries(entry("v1/Namespace", V1Namespace::fromJson),
			entry("v1/ConfigMap", V1ConfigMap::fromJson), entry("v1/Secret", V1Secret::fromJson),
			entry("v1/Service", V1Service::fromJson), entry("apps/v1/Deployment", V1Deployment::fromJson),
			entry("apps/v1/StatefulSet", V1StatefulSet::fromJson),
			entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget::fromJson),
			entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler::fromJson));

	private KubernetesSchema() {
	}

	/**
	 * Every way the objects break the schema.
	 * @param manifests rendered objects
	 * @return one message per object the schema refuses, empty if all conform
	 */
	static List<String> violations(Manifests manifests) {
		List<String> violations = new ArrayList<>();
		for (JsonNode object : manifests.objects()) {
			String violation = violation(object);
			if (violation != null) {
				violations.add(Manifests.describe(object) + ": " + violation);
			}
		}
		return violations;
	}

	/**
	 * How an object breaks the schema.
	 * @param object one rendered object
	 * @return why the schema refuses it, or {@code null} if it conforms
	 */
	static String violation(JsonNode object) {
		String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
		Model model = models.get(type);
		if (model == null) {
			return "no schema model for " + type;
		}
		try {
			model.fromJson(object.toString());
			return null;
		}
		catch (IOException | RuntimeException ex) {
			// Unknown or missing fields: IllegalArgumentException; wrong types: Gson's.
			return ex.getMessage();
		}
	}

	@FunctionalInterface
	private interface Model {

		Object fromJson(String json) throws IOException;

	}

}
