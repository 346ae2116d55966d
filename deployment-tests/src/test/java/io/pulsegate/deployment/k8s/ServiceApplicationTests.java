package io.pulsegate.deployment.k8s;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which environment variables a service reads is decided per service, from its own
 * application.yml and the properties its own jar knows, by Spring Boot's relaxed binding.
 */
class ServiceApplicationTests {

	private final ServiceApplication ingress = ServiceApplication.ingress;

	private final ServiceApplication consumer = ServiceApplication.consumer;

	@Test
	void aPlaceholderInTheApplicationYmlIsReadOnlyByItsService() {
		assertThat(this.ingress.reads("INGRESS_PORT")).isTrue();
		assertThat(this.consumer.reads("INGRESS_PORT")).isFalse();
		assertThat(this.consumer.reads("PULSEGATE_DB_URL")).isTrue();
		assertThat(this.ingress.reads("PULSEGATE_DB_URL")).isFalse();
	}

	@Test
	void aPropertyOfALibraryIsReadOnlyByTheServiceThatShipsTheLibrary() {
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
		assertThat(this.ingress.reads("SPRING_PULSAR_CLIENT_TLS_TRUST_CERTS_FILE_PATH")).isFalse();
		assertThat(this.consumer.reads("PULSEGATE_CONSUMER_TOPICS")).isFalse();
	}

	@Test
	void aRemovedPropertyThatTheMetadataStillListsIsNotRead() {
		// spring.redis.* became spring.data.redis.* in Spring Boot 3.
		assertThat(this.ingress.reads("SPRING_REDIS_PORT")).isFalse();
		assertThat(this.ingress.reads("SPRING_DATA_REDIS_PORT")).isTrue();
	}

	@Test
	void theHealthGroupsAreThoseTheApplicationYmlEnables() {
		assertThat(this.ingress.healthPaths()).containsExactlyInAnyOrder("/actuator/health",
				"/actuator/health/liveness", "/actuator/health/readiness");
		assertThat(this.ingress.exposedEndpoint("prometheus")).contains("/actuator/prometheus");
		assertThat(this.ingress.exposedEndpoint("env")).isEmpty();
	}

}
