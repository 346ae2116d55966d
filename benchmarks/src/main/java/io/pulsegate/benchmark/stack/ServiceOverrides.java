package io.pulsegate.benchmark.stack;

import java.util.List;
import java.util.Map;

/**
 * Settings over the benchmark's own, to compare settings of a service.
 *
 * @param ingress application properties for the ingress
 * @param consumer application properties for every consumer started, a restarted one
 * included
 * @param ingressJvm JVM options for the ingress, after the benchmark's own
 * @param consumerJvm JVM options for every consumer, after the benchmark's own
 */
public record ServiceOverrides(Map<String, String> ingress, Map<String, String> consumer, List<String> ingressJvm,
		List<String> consumerJvm) {

	public ServiceOverrides {
		ingress = Map.copyOf(ingress);
		consumer = Map.copyOf(consumer);
		ingressJvm = List.copyOf(ingressJvm);
		consumerJvm = List.copyOf(consumerJvm);
	}

}
