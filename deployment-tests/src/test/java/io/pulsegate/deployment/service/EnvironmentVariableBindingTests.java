package io.pulsegate.deployment.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which environment variables set which properties, by Spring Boot's relaxed binding.
 */
class EnvironmentVariableBindingTests {

	@Test
	void aVariableSetsThePropertyWhoseDotsItReplacesWithUnderscores() {
		assertThat(EnvironmentVariableBinding.binds("SPRING_DATASOURCE_URL", "spring.datasource.url")).isTrue();
		assertThat(EnvironmentVariableBinding.binds("SPRING_DATASOURCE_URLS", "spring.datasource.url")).isFalse();
		assertThat(EnvironmentVariableBinding.binds("SPRING_DATASOURCE", "spring.datasource.url")).isFalse();
	}

	@Test
	void aDashIsDroppedOrWrittenAsAnUnderscore() {
		assertThat(EnvironmentVariableBinding.binds("PULSEGATE_INGRESS_PUBLISHTIMEOUT",
				"pulsegate.ingress.publish-timeout"))
			.isTrue();
		assertThat(EnvironmentVariableBinding.binds("PULSEGATE_INGRESS_PUBLISH_TIMEOUT",
				"pulsegate.ingress.publish-timeout"))
			.isTrue();
		assertThat(EnvironmentVariableBinding.binds("PULSEGATE_INGRESS_PUBLISHTIME_OUT",
				"pulsegate.ingress.publish-timeout"))
			.isFalse();
	}

	@Test
	void aNumberInTheVariableIsAListIndex() {
		assertThat(EnvironmentVariableBinding.binds("PULSEGATE_SECURITY_APIKEYS_0_KEY",
				"pulsegate.security.api-keys[*].key"))
			.isTrue();
		assertThat(EnvironmentVariableBinding.binds("PULSEGATE_SECURITY_APIKEYS_12_TENANT",
				"pulsegate.security.api-keys[*].tenant"))
			.isTrue();
		assertThat(EnvironmentVariableBinding.binds("PULSEGATE_SECURITY_APIKEYS_KEY",
				"pulsegate.security.api-keys[*].key"))
			.isFalse();
		assertThat(EnvironmentVariableBinding.binds("PULSEGATE_SECURITY_APIKEY_0_KEY",
				"pulsegate.security.api-keys[*].key"))
			.isFalse();
	}

	@Test
	void aMapKeyIsWhatFollowsTheMapsName() {
		assertThat(EnvironmentVariableBinding.binds("LOGGING_LEVEL_ROOT", "logging.level.*")).isTrue();
		assertThat(EnvironmentVariableBinding.binds("LOGGING_LEVELS_ROOT", "logging.level.*")).isFalse();
	}

}
