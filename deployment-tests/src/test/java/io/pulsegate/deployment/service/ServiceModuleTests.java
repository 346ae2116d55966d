package io.pulsegate.deployment.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which environment variables a service reads is decided per service, from its own
 * application.yml, its own records and the Boot properties it is allowed, by Spring
 * Boot's relaxed binding; the properties it knows come from its own executable jar.
 */
class ServiceModuleTests {

	private final ApplicationEnvironment ingress = ServiceModule.INGRESS.environment();

	private final ApplicationEnvironment consumer = ServiceModule.CONSUMER.environment();

	@Test
	void theIngressReadsItsPlaceholdersItsRecordsAndItsFilesProperties() {
		assertThat(this.ingress.reader("PULSAR_SERVICE_URL"))
			.contains("placeholder ${PULSAR_SERVICE_URL} in application.yml");
		assertThat(this.ingress.reader("PULSEGATE_SECURITY_APIKEYS_0_KEY"))
			.contains("property pulsegate.security.api-keys[*].key");
		assertThat(this.ingress.reader("PULSEGATE_SECURITY_TENANTCLAIM"))
			.contains("property pulsegate.security.tenant-claim");
		assertThat(this.ingress.reader("PULSEGATE_INGRESS_ROUTES_0_TOPIC")).isPresent();
		assertThat(this.ingress.reader("SPRING_DATA_REDIS_HOST")).contains("property spring.data.redis.host");
		assertThat(this.ingress.reads("JAVA_TOOL_OPTIONS")).isTrue();
		assertThat(this.ingress.reads("PULSEGATE_DB_URL")).isFalse();
		assertThat(this.ingress.reads("PULSEGATE_SECURITY_APIKEY")).isFalse();
		assertThat(this.ingress.reads("SPRING_SECURITY_USER_PASSWORD")).isFalse();
	}

	@Test
	void theConsumerReadsItsDatabaseAndAdminPassword() {
		assertThat(this.consumer.reads("PULSEGATE_DB_URL")).isTrue();
		assertThat(this.consumer.reads("PULSEGATE_CONSUMER_STALL_UNLOAD")).isTrue();
		assertThat(this.consumer.reader("SPRING_SECURITY_USER_PASSWORD"))
			.contains("property spring.security.user.password");
		assertThat(this.consumer.reads("PULSEGATE_SECURITY_APIKEYS_0_KEY")).isFalse();
		assertThat(this.consumer.reads("PULSEGATE_DATABASE_URL")).isFalse();
	}

	@Test
	void aPlaceholderInTheApplicationYmlIsReadOnlyByItsService() {
		assertThat(this.ingress.reads("INGRESS_PORT")).isTrue();
		assertThat(this.consumer.reads("INGRESS_PORT")).isFalse();
		assertThat(this.consumer.reads("PULSEGATE_DB_URL")).isTrue();
		assertThat(this.ingress.reads("PULSEGATE_DB_URL")).isFalse();
	}

	@Test
	void aPropertyOfALibraryIsReadOnlyByTheServiceThatShipsTheLibrary() {
		assertThat(ServiceModule.INGRESS.metadata().declares("spring.data.redis.host")).isTrue();
		assertThat(ServiceModule.CONSUMER.metadata().declares("spring.data.redis.host")).isFalse();
		assertThat(ServiceModule.CONSUMER.metadata().declares("spring.datasource.hikari.maximum-pool-size")).isTrue();
		assertThat(ServiceModule.INGRESS.metadata().declares("spring.datasource.hikari.maximum-pool-size")).isFalse();
		assertThat(this.ingress.reads("SPRING_DATA_REDIS_HOST")).isTrue();
		assertThat(this.consumer.reads("SPRING_DATA_REDIS_HOST")).isFalse();
		assertThat(this.consumer.reads("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE")).isTrue();
		assertThat(this.ingress.reads("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE")).isFalse();
	}

	@Test
	void anEntryOfAListOrMapPropertyIsRead() {
		assertThat(this.ingress.reads("PULSEGATE_SECURITY_APIKEYS_0_KEY")).isTrue();
		assertThat(this.consumer.reads("SPRING_PULSAR_CLIENT_AUTHENTICATION_PARAM_TOKEN")).isTrue();
	}

	@Test
	void dashesMayBeLeftOutOrWrittenAsUnderscores() {
		assertThat(this.ingress.reads("SPRING_PULSAR_CLIENT_AUTHENTICATION_PLUGINCLASSNAME")).isTrue();
		assertThat(this.ingress.reads("SPRING_PULSAR_CLIENT_AUTHENTICATION_PLUGIN_CLASS_NAME")).isTrue();
	}

	@Test
	void aPropertyNoLibraryDefinesIsNotRead() {
		// Spring Boot 4.1 has no property for the Pulsar client's trust certificates.
		assertThat(ServiceModule.INGRESS.metadata().declares("spring.pulsar.client.tls-trust-certs-file-path"))
			.isFalse();
		assertThat(this.ingress.reads("SPRING_PULSAR_CLIENT_TLS_TRUST_CERTS_FILE_PATH")).isFalse();
		assertThat(this.consumer.reads("PULSEGATE_CONSUMER_TOPICS")).isFalse();
	}

	@Test
	void aRemovedPropertyThatTheMetadataStillListsIsNotKnownOrRead() {
		// spring.redis.* became spring.data.redis.* in Spring Boot 3.
		assertThat(ServiceModule.INGRESS.metadata().declares("spring.redis.port")).isFalse();
		assertThat(ServiceModule.INGRESS.metadata().declares("spring.data.redis.port")).isTrue();
		assertThat(this.ingress.reads("SPRING_REDIS_PORT")).isFalse();
		assertThat(this.ingress.reads("SPRING_DATA_REDIS_PORT")).isTrue();
	}

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void allowsOnlyBootPropertiesThatTheServicesOwnJarDeclares(ServiceModule module) {
		assertThat(module.bootProperties()).isNotEmpty()
			.allSatisfy((property) -> assertThat(module.metadata().declares(property.name()))
				.as("%s's jar declares %s (%s)", module.moduleName(), property.name(), property.reason())
				.isTrue());
	}

	@Test
	void theHealthGroupsAreThoseTheApplicationYmlEnables() {
		ApplicationConfiguration ingress = ServiceModule.INGRESS.configuration();
		assertThat(ingress.health().paths()).containsExactlyInAnyOrder("/actuator/health", "/actuator/health/liveness",
				"/actuator/health/readiness");
		assertThat(ingress.exposedEndpoint("prometheus")).contains("/actuator/prometheus");
		assertThat(ingress.exposedEndpoint("env")).isEmpty();
	}

}
