package io.pulsegate.deployment.compose;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The health endpoint paths a service answers, from its actuator settings.
 *
 * @param healthPath the health endpoint, such as {@code /actuator/health}, or empty when
 * it is not exposed over HTTP
 * @param groups the health groups under it: the probes' {@code liveness} and
 * {@code readiness} when probes are enabled, and every configured group
 */
record ActuatorHealth(String healthPath, Set<String> groups) {

	private static final String GROUP_PREFIX = "management.endpoint.health.group.";

	static ActuatorHealth of(ApplicationConfiguration configuration) {
		List<String> exposed = Arrays
			.stream(configuration.setting("management.endpoints.web.exposure.include").orElse("").split(","))
			.map(String::strip)
			.toList();
		if (!exposed.contains("health") && !exposed.contains("*")) {
			return new ActuatorHealth("", Set.of());
		}
		String basePath = configuration.requiredSetting("management.endpoints.web.base-path");
		String mapping = configuration.setting("management.endpoints.web.path-mapping.health").orElse("health");
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
		return new ActuatorHealth(basePath + "/" + mapping, groups);
	}

	/**
	 * Every health path the service answers.
	 * @return the health endpoint and its groups, none when it is not exposed
	 */
	Set<String> paths() {
		Set<String> paths = new LinkedHashSet<>();
		if (!this.healthPath.isEmpty()) {
			paths.add(this.healthPath);
			this.groups.forEach((group) -> paths.add(this.healthPath + "/" + group));
		}
		return paths;
	}

	String livenessPath() {
		return groupPath("liveness");
	}

	String readinessPath() {
		return groupPath("readiness");
	}

	private String groupPath(String group) {
		if (this.healthPath.isEmpty() || !this.groups.contains(group)) {
			throw new IllegalStateException("The service does not answer a " + group + " probe");
		}
		return this.healthPath + "/" + group;
	}

}
