package io.pulsegate.deployment.k8s;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Prometheus's {@code relabel_configs}, for the actions {@code keep}, {@code drop} and
 * {@code replace}: what a scrape job makes of a discovered target's labels.
 */
final class Relabeling {

	private Relabeling() {
	}

	/**
	 * Applies relabel configs to a target.
	 * @param configs the {@code relabel_configs} of a scrape job
	 * @param discovered the target's labels as service discovery gives them
	 * @return the target's labels after relabeling, or empty if it is dropped
	 */
	static Optional<Map<String, String>> apply(JsonNode configs, Map<String, String> discovered) {
		Map<String, String> labels = new LinkedHashMap<>(discovered);
		for (JsonNode config : configs) {
			String action = config.path("action").asText("replace");
			String value = sourceValue(config, labels);
			Matcher matcher = Pattern.compile("^(?:" + config.path("regex").asText("(.*)") + ")$").matcher(value);
			switch (action) {
				case "keep" -> {
					if (!matcher.matches()) {
						return Optional.empty();
					}
				}
				case "drop" -> {
					if (matcher.matches()) {
						return Optional.empty();
					}
				}
				case "replace" -> {
					if (matcher.matches()) {
						String replacement = config.path("replacement")
							.asText("$1")
							.replaceAll("\\$\\{(\\d+)}", "\\$$1");
						String result = matcher.replaceFirst(replacement);
						String target = config.path("target_label").asText();
						if (result.isEmpty()) {
							labels.remove(target);
						}
						else {
							labels.put(target, result);
						}
					}
				}
				default -> throw new UnsupportedOperationException("Relabel action " + action + " is not simulated");
			}
		}
		return Optional.of(labels);
	}

	private static String sourceValue(JsonNode config, Map<String, String> labels) {
		List<String> sources = config.path("source_labels").valueStream().map(JsonNode::asText).toList();
		String separator = config.path("separator").asText(";");
		return sources.stream().map((label) -> labels.getOrDefault(label, "")).collect(Collectors.joining(separator));
	}

	/**
	 * The labels Kubernetes service discovery ({@code role: pod}) gives a pod's container
	 * port: the pod's labels and annotations, namespace, name and address.
	 * @param workload a Deployment or StatefulSet, whose pod template is used
	 * @param podIp the address to give the pod
	 * @return the discovered labels of its container's first port
	 */
	static Map<String, String> discoveredPod(JsonNode workload, String podIp) {
		Map<String, String> labels = new LinkedHashMap<>();
		JsonNode pod = workload.at("/spec/template");
		JsonNode port = Manifests.container(workload).at("/ports/0/containerPort");
		labels.put("__address__", port.isMissingNode() ? podIp : podIp + ":" + port.asInt());
		labels.put("__meta_kubernetes_namespace", workload.at("/metadata/namespace").asText());
		labels.put("__meta_kubernetes_pod_name", Manifests.name(workload) + "-7d9f8b6c5-x2x4q");
		pod.at("/metadata/labels")
			.properties()
			.forEach((label) -> labels.put("__meta_kubernetes_pod_label_" + sanitize(label.getKey()),
					label.getValue().asText()));
		pod.at("/metadata/annotations")
			.properties()
			.forEach((annotation) -> labels.put("__meta_kubernetes_pod_annotation_" + sanitize(annotation.getKey()),
					annotation.getValue().asText()));
		return labels;
	}

	private static String sanitize(String name) {
		return name.replaceAll("[^a-zA-Z0-9_]", "_");
	}

}
