package io.pulsegate.deployment.service;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * The properties a service binds to its {@code @ConfigurationProperties} records, found
 * on the classpath under the service's package. Names are patterns in Spring's canonical
 * form: {@code [*]} stands for any list index, {@code .*} for any map key, as in
 * {@code pulsegate.security.api-keys[*].key}.
 */
final class ConfigurationPropertyRecords {

	private ConfigurationPropertyRecords() {
	}

	static Set<String> propertyPatterns(String basePackage) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		Set<String> patterns = new TreeSet<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
			Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(),
					ConfigurationPropertyRecords.class.getClassLoader());
			if (!type.isRecord()) {
				throw new IllegalStateException(type.getName() + " is not a record; only records are read here");
			}
			ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
			String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
			collect(prefix, type, patterns);
		}
		return patterns;
	}

	private static void collect(String name, Type type, Set<String> patterns) {
		Class<?> rawType = rawType(type);
		if (rawType.isRecord()) {
			for (RecordComponent component : rawType.getRecordComponents()) {
				collect(name + "." + kebabCase(component.getName()), component.getGenericType(), patterns);
			}
		}
		else if (Collection.class.isAssignableFrom(rawType)) {
			collect(name + "[*]", typeArgument(type, 0), patterns);
		}
		else if (Map.class.isAssignableFrom(rawType)) {
			collect(name + ".*", typeArgument(type, 1), patterns);
		}
		else {
			patterns.add(name);
		}
	}

	private static Class<?> rawType(Type type) {
		if (type instanceof Class<?> plain) {
			return plain;
		}
		if (type instanceof ParameterizedType parameterized) {
			return (Class<?>) parameterized.getRawType();
		}
		throw new IllegalStateException("Unsupported property type " + type);
	}

	private static Type typeArgument(Type type, int index) {
		if (type instanceof ParameterizedType parameterized) {
			return parameterized.getActualTypeArguments()[index];
		}
		throw new IllegalStateException("Raw collection type " + type + " names no element type");
	}

	private static String kebabCase(String camelCase) {
		StringBuilder kebab = new StringBuilder();
		for (char c : camelCase.toCharArray()) {
			if (Character.isUpperCase(c)) {
				kebab.append('-').append(Character.toLowerCase(c));
			}
			else {
				kebab.append(c);
			}
		}
		return kebab.toString();
	}

}
