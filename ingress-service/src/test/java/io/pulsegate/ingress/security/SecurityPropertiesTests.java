package io.pulsegate.ingress.security;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys are checked when they are bound, and a key refused is never shown.
 */
class SecurityPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void aKeyOfSixteenCharactersIsTaken() {
		this.contextRunner
			.withPropertyValues("pulsegate.security.api-keys[0].key=sixteen-chars-ok",
					"pulsegate.security.api-keys[0].tenant=acme")
			.run((context) -> assertThat(context.getBean(SecurityProperties.class).apiKeys())
				.extracting(SecurityProperties.ApiKey::tenant)
				.containsExactly("acme"));
	}

	@Test
	void aShorterKeyStopsTheStartWithoutShowingTheKey() {
		this.contextRunner
			.withPropertyValues("pulsegate.security.api-keys[0].key=shortSecret123",
					"pulsegate.security.api-keys[0].tenant=acme")
			.run((context) -> {
				assertThat(context).hasFailed();
				String failure = everythingPrinted(context.getStartupFailure());
				assertThat(failure).contains("API key of tenant 'acme' is shorter than 16 characters")
					.doesNotContain("shortSecret123");
			});
	}

	// Messages, causes and their descriptions, as a log of the failure would show them.
	private static String everythingPrinted(Throwable failure) {
		StringWriter printed = new StringWriter();
		failure.printStackTrace(new PrintWriter(printed));
		return printed.toString();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SecurityProperties.class)
	static class PropertiesConfiguration {

	}

}
