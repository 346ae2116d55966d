package io.pulsegate.service.pulsar;

import org.apache.pulsar.client.admin.PulsarAdminBuilder;
import org.apache.pulsar.client.api.ClientBuilder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.pulsar.core.PulsarAdminBuilderCustomizer;
import org.springframework.pulsar.core.PulsarClientBuilderCustomizer;

/**
 * Applies {@link BrokerTlsProperties} to the Pulsar client and admin client that Spring
 * Boot builds. Customizers because Boot 4.1 maps only the URLs and the authentication of
 * both clients to properties, nothing of their TLS.
 */
@AutoConfiguration
@EnableConfigurationProperties(BrokerTlsProperties.class)
public class BrokerTlsAutoConfiguration {

	@Bean
	PulsarClientBuilderCustomizer brokerTlsClientCustomizer(BrokerTlsProperties properties) {
		return (builder) -> customize(builder, properties);
	}

	@Bean
	PulsarAdminBuilderCustomizer brokerTlsAdminCustomizer(BrokerTlsProperties properties) {
		return (builder) -> customize(builder, properties);
	}

	private static void customize(ClientBuilder builder, BrokerTlsProperties properties) {
		builder.enableTlsHostnameVerification(properties.hostnameVerification());
		if (properties.trustCertificates() != null) {
			builder.tlsTrustCertsFilePath(properties.trustCertificates().toString());
		}
	}

	private static void customize(PulsarAdminBuilder builder, BrokerTlsProperties properties) {
		builder.enableTlsHostnameVerification(properties.hostnameVerification());
		if (properties.trustCertificates() != null) {
			builder.tlsTrustCertsFilePath(properties.trustCertificates().toString());
		}
	}

}
