package io.pulsegate.deployment.service;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Whether an environment variable sets a property, decided by Spring Boot's own relaxed
 * binding rather than a copy of its rules: {@code PULSEGATE_SECURITY_APIKEYS_0_KEY} (and
 * the legacy {@code PULSEGATE_SECURITY_API_KEYS_0_KEY}) set
 * {@code pulsegate.security.api-keys[0].key}.
 */
final class EnvironmentVariableBinding {

	private static final Pattern ANY_INDEX = Pattern.compile("\\[\\*]");

	private EnvironmentVariableBinding() {
	}

	/**
	 * Whether the variable sets a property of the pattern.
	 * @param variable an environment variable name
	 * @param propertyPattern a property name, where {@code [*]} stands for any list index
	 * and a {@code *} element for any map key
	 * @return whether Spring Boot binds the variable to such a property
	 */
	static boolean binds(String variable, String propertyPattern) {
		String name = withIndexesOf(variable, propertyPattern);
		if (name == null) {
			return false;
		}
		ConfigurationPropertySource environment = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "set")));
		int mapKey = name.indexOf(".*");
		if (mapKey >= 0) {
			if (mapKey != name.length() - 2) {
				throw new UnsupportedOperationException("Only a map key at the end is supported: " + propertyPattern);
			}
			// A map key is whatever follows the map's name in the variable.
			ConfigurationPropertyName map = ConfigurationPropertyName.adapt(name.substring(0, mapKey), '.');
			return environment.containsDescendantOf(map) == ConfigurationPropertyState.PRESENT;
		}
		return environment.getConfigurationProperty(ConfigurationPropertyName.adapt(name, '.')) != null;
	}

	// Puts the variable's numeric elements, in order, in place of the pattern's [*].
	private static String withIndexesOf(String variable, String propertyPattern) {
		Deque<String> indexes = new ArrayDeque<>(
				Arrays.stream(variable.split("_")).filter((element) -> element.matches("[0-9]+")).toList());
		Matcher matcher = ANY_INDEX.matcher(propertyPattern);
		StringBuilder name = new StringBuilder();
		while (matcher.find()) {
			if (indexes.isEmpty()) {
				return null;
			}
			matcher.appendReplacement(name, "[" + indexes.removeFirst() + "]");
		}
		matcher.appendTail(name);
		return name.toString();
	}

}
