package io.pulsegate.benchmark.stack;

import java.util.Map;

/**
 * Application properties over the benchmark's own, to compare settings of a service.
 *
 * @param ingress for the ingress
 * @param consumer for every consumer started, a restarted one included
 */
public record ServiceOverrides(Map<String, String> ingress, Map<String, String> consumer) {

	public ServiceOverrides {
		ingress = Map.copyOf(ingress);
		consumer = Map.copyOf(consumer);
	}

}
