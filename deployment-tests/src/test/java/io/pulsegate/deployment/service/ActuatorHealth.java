package io.pulsegate.deployment.service;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The health endpoint paths a service answers, from its actuator settings.
 *
 * @param healthPath the health endpoint, such as {@code /actuator/health}, or empty when
 * it is not exposed over HTTP
 * @param groups the health groups under it: the probes' {@code liveness} and
 * {@code readiness} when probes are enabled, and every configured group
 */
public record ActuatorHealth(String healthPath, Set<String> groups) {

	private static final String GROUP_PREFIX = "management.endpoint.health.group.";

	static ActuatorHealth of(ApplicationConfiguration configuration) {
		Optional<String> health = configuration.exposedEndpoint("health");
		if (health.isEmpty()) {
			return new ActuatorHealth("", Set.of());
		}
		Set<String> groups = new LinkedHashSet<>();
		if (Boolean.parseBoolean(configuration.requiredSetting("management.endpoint.health.probes.enabled"))) {
			groups.add("liveness");
			groups.add("readiness");
		}
		configuration.propertyNames()
			.stream()
			.filter((name) -> name.startsWith(GROUP_PREFIX))
			.map((name) -> name.substring(GROUP_PREFIX.length()).split("\\.")[0])
			.forEach(groups::add);
		return new ActuatorHealth(health.get(), groups);
	}

	/**
	 * Every health path the service answers.
	 * @return the health endpoint and its groups, none when it is not exposed
	 */
	public Set<String> paths() {
		Set<String> paths = new LinkedHashSet<>();
		if (!this.healthPath.isEmpty()) {
			paths.add(this.healthPath);
			this.groups.forEach((group) -> paths.add(this.healthPath + "/" + group));
		}
		return paths;
	}

	public String livenessPath() {
		return groupPath("liveness");
	}

	public String readinessPath() {
		return groupPath("readiness");
	}

	private String groupPath(String group) {
		if (this.healthPath.isEmpty() || !this.groups.contains(group)) {
			throw new IllegalStateException("The service does not answer a " + group + " probe");
		}
		return this.healthPath + "/" + group;
	}

}
