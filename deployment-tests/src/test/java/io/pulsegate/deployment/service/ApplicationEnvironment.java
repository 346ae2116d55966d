package io.pulsegate.deployment.service;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The environment variables a service reads: those its {@code application.yml} names in
 * placeholders, those that Spring Boot's relaxed binding binds to a property of that
 * file, of one of the service's {@code @ConfigurationProperties} records or of its
 * allowed Boot properties, and those the JVM reads. A Boot property counts only when it
 * is allowed with a reason, not merely because some library of the service declares it.
 */
public final class ApplicationEnvironment {

	private static final Map<String, String> JVM_VARIABLES = Map.of("JAVA_TOOL_OPTIONS",
			"read by the JVM itself; the images set their JVM options in it");

	private final Set<String> placeholderVariables;

	private final Set<String> propertyPatterns;

	private ApplicationEnvironment(Set<String> placeholderVariables, Set<String> propertyPatterns) {
		this.placeholderVariables = placeholderVariables;
		this.propertyPatterns = propertyPatterns;
	}

	static ApplicationEnvironment of(ServiceModule module) {
		ApplicationConfiguration configuration = module.configuration();
		Set<String> patterns = new LinkedHashSet<>();
		configuration.propertyNames().forEach((name) -> patterns.add(name.replaceAll("\\[[0-9]+]", "[*]")));
		patterns.addAll(ConfigurationPropertyRecords.propertyPatterns(module.basePackage()));
		module.bootProperties().forEach((property) -> patterns.add(property.name()));
		return new ApplicationEnvironment(configuration.placeholderVariables(), patterns);
	}

	/**
	 * How the service reads a variable.
	 * @param variable the variable's name
	 * @return what reads it, or empty when nothing does
	 */
	public Optional<String> reader(String variable) {
		if (this.placeholderVariables.contains(variable)) {
			return Optional.of("placeholder ${" + variable + "} in application.yml");
		}
		if (JVM_VARIABLES.containsKey(variable)) {
			return Optional.of(JVM_VARIABLES.get(variable));
		}
		return this.propertyPatterns.stream()
			.filter((pattern) -> EnvironmentVariableBinding.binds(variable, pattern))
			.findFirst()
			.map((pattern) -> "property " + pattern);
	}

	public boolean reads(String variable) {
		return reader(variable).isPresent();
	}

	public Set<String> placeholderVariables() {
		return this.placeholderVariables;
	}

}
