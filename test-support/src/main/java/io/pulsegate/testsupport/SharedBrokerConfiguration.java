package io.pulsegate.testsupport;

import org.springframework.boot.pulsar.autoconfigure.PulsarConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Points a Spring Boot test's Pulsar client and admin at the {@link SharedTestBroker}.
 * Import it into a {@code @SpringBootTest}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SharedBrokerConfiguration {

	@Bean
	PulsarConnectionDetails pulsarConnectionDetails() {
		TestBroker broker = SharedTestBroker.get();
		return new PulsarConnectionDetails() {

			@Override
			public String getBrokerUrl() {
				return broker.serviceUrl();
			}

			@Override
			public String getAdminUrl() {
				return broker.adminUrl();
			}

		};
	}

}
