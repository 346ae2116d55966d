package io.pulsegate.deployment.compose;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which environment variables set which properties, and what the services read.
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

	@Test
	void theIngressReadsItsPlaceholdersItsRecordsAndItsFilesProperties() {
		ApplicationEnvironment ingress = ServiceModule.INGRESS.environment();
		assertThat(ingress.reader("PULSAR_SERVICE_URL"))
			.contains("placeholder ${PULSAR_SERVICE_URL} in application.yml");
		assertThat(ingress.reader("PULSEGATE_SECURITY_APIKEYS_0_KEY"))
			.contains("property pulsegate.security.api-keys[*].key");
		assertThat(ingress.reader("PULSEGATE_SECURITY_TENANTCLAIM"))
			.contains("property pulsegate.security.tenant-claim");
		assertThat(ingress.reader("PULSEGATE_INGRESS_ROUTES_0_TOPIC")).isPresent();
		assertThat(ingress.reader("SPRING_DATA_REDIS_HOST")).contains("property spring.data.redis.host");
		assertThat(ingress.reads("JAVA_TOOL_OPTIONS")).isTrue();
		assertThat(ingress.reads("PULSEGATE_DB_URL")).isFalse();
		assertThat(ingress.reads("PULSEGATE_SECURITY_APIKEY")).isFalse();
		assertThat(ingress.reads("SPRING_SECURITY_USER_PASSWORD")).isFalse();
	}

	@Test
	void theConsumerReadsItsDatabaseAndAdminPassword() {
		ApplicationEnvironment consumer = ServiceModule.CONSUMER.environment();
		assertThat(consumer.reads("PULSEGATE_DB_URL")).isTrue();
		assertThat(consumer.reads("PULSEGATE_CONSUMER_STALL_UNLOAD")).isTrue();
		assertThat(consumer.reader("SPRING_SECURITY_USER_PASSWORD")).contains("property spring.security.user.password");
		assertThat(consumer.reads("PULSEGATE_SECURITY_APIKEYS_0_KEY")).isFalse();
		assertThat(consumer.reads("PULSEGATE_DATABASE_URL")).isFalse();
	}

}
