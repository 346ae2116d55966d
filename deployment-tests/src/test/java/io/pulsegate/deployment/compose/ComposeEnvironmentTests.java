package io.pulsegate.deployment.compose;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import io.pulsegate.deployment.service.ApplicationConfiguration;
import io.pulsegate.deployment.service.ApplicationEnvironment;
import io.pulsegate.deployment.service.ServiceModule;
import io.pulsegate.ingress.security.SecurityProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The environment {@code docker-compose.yml} gives the services, checked against what the
 * applications read: every variable is one they read, the ones they need are there, and
 * they point at the broker and the database of the compose file.
 */
class ComposeEnvironmentTests {

	private static final String LOCAL_DEFAULT_PREFIX = "local-dev-";

	private final ComposeFile compose = ComposeFile.load();

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void setsOnlyVariablesTheApplicationReads(ServiceModule module) {
		ApplicationEnvironment environment = module.environment();
		assertThat(this.compose.service(module).environment().keySet())
			.as("variables of %s that %s does not read", module.serviceName(), module.moduleName())
			.filteredOn((variable) -> !environment.reads(variable))
			.isEmpty();
	}

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void setsTheVariablesTheApplicationNeeds(ServiceModule module) {
		assertThat(this.compose.service(module).environment())
			.containsKeys(module.requiredVariables().toArray(String[]::new));
	}

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void pointsTheApplicationAtTheBrokerServiceOnThePortsItsDefaultsUse(ServiceModule module) {
		ApplicationConfiguration configuration = module.configuration();
		Map<String, String> environment = this.compose.service(module).environment();
		assertPointsAtService("pulsar", environment.get("PULSAR_SERVICE_URL"),
				configuration.requiredSetting("spring.pulsar.client.service-url"));
		assertPointsAtService("pulsar", environment.get("PULSAR_ADMIN_URL"),
				configuration.requiredSetting("spring.pulsar.admin.service-url"));
	}

	@Test
	void pointsTheConsumerAtTheDatabaseAndUserThatPostgresCreates() {
		Map<String, String> consumer = this.compose.service("consumer").environment();
		Map<String, String> postgres = this.compose.service("postgres").environment();
		String defaultUrl = ServiceModule.CONSUMER.configuration().requiredSetting("spring.datasource.url");
		assertThat(consumer.get("PULSEGATE_DB_URL")).startsWith("jdbc:postgresql:");
		assertPointsAtService("postgres", consumer.get("PULSEGATE_DB_URL").substring("jdbc:".length()),
				defaultUrl.substring("jdbc:".length()));
		assertThat(URI.create(consumer.get("PULSEGATE_DB_URL").substring("jdbc:".length())).getPath())
			.isEqualTo("/" + postgres.get("POSTGRES_DB"));
		assertThat(consumer.get("PULSEGATE_DB_USER")).isEqualTo(postgres.get("POSTGRES_USER"));
		assertThat(consumer.get("PULSEGATE_DB_PASSWORD")).as("the same variable and default as the database's")
			.isEqualTo(postgres.get("POSTGRES_PASSWORD"));
	}

	@Test
	void takesEverySecretFromAVariableWithALocalOnlyDefault() {
		Map<String, String> secrets = Map.of("ingress", "PULSEGATE_SECURITY_APIKEYS_0_KEY", "consumer",
				"SPRING_SECURITY_USER_PASSWORD", "postgres", "POSTGRES_PASSWORD", "grafana",
				"GF_SECURITY_ADMIN_PASSWORD");
		secrets.forEach((service, variable) -> {
			String value = this.compose.service(service).environment().get(variable);
			Optional<ComposeVariable> reference = ComposeVariable.of(String.valueOf(value));
			assertThat(reference).as("%s of %s, %s, is ${NAME:-default}", variable, service, value)
				.hasValueSatisfying((secret) -> assertThat(secret.defaultValue()).startsWith(LOCAL_DEFAULT_PREFIX));
		});
		assertThat(this.compose.service("consumer").environment().get("PULSEGATE_DB_PASSWORD"))
			.isEqualTo(this.compose.service("postgres").environment().get("POSTGRES_PASSWORD"));
	}

	@Test
	void givesTheIngressAnApiKeyItAcceptsForTheTenantOfItsTopics() {
		Map<String, String> environment = this.compose.service("ingress").environment();
		String defaultKey = ComposeVariable.of(environment.get("PULSEGATE_SECURITY_APIKEYS_0_KEY"))
			.orElseThrow()
			.defaultValue();
		// The ingress's own check of a key, as it binds one.
		assertThatNoException().as("the default API key")
			.isThrownBy(() -> new SecurityProperties.ApiKey(defaultKey,
					environment.get("PULSEGATE_SECURITY_APIKEYS_0_TENANT")));
		ApplicationConfiguration configuration = ServiceModule.INGRESS.configuration();
		assertThat(configuration.propertyNames())
			.filteredOn((name) -> name.matches("pulsegate\\.ingress\\.routes\\[[0-9]+]\\.topic"))
			.isNotEmpty()
			.allSatisfy((route) -> assertThat(URI.create(configuration.requiredSetting(route)).getHost())
				.as("tenant of the topic of %s", route)
				.isEqualTo(environment.get("PULSEGATE_SECURITY_APIKEYS_0_TENANT")));
	}

	private static void assertPointsAtService(String service, String url, String applicationDefault) {
		assertThat(url).as("URL for %s", service).isNotNull();
		URI actual = URI.create(url);
		URI expected = URI.create(applicationDefault);
		assertThat(actual.getHost()).as("host of %s", url).isEqualTo(service);
		assertThat(actual.getScheme()).as("scheme of %s", url).isEqualTo(expected.getScheme());
		assertThat(actual.getPort()).as("port of %s, as in the application's default %s", url, applicationDefault)
			.isEqualTo(expected.getPort());
	}

}
