package io.pulsegate.service.pulsar;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the Pulsar client and admin client check the broker's certificate on
 * {@code pulsar+ssl://} and {@code https://} URLs. Spring Boot has no
 * {@code spring.pulsar.*} property for either.
 *
 * @param trustCertificates a PEM file of the CA certificates to trust for the broker;
 * without it, the JVM's default trust store ({@code javax.net.ssl.trustStore}, else the
 * JDK's CA list)
 * @param hostnameVerification whether the broker's certificate must name the host in the
 * URL; Pulsar's clients do not check by default, which lets any certificate of a trusted
 * CA pass for the broker
 */
@ConfigurationProperties("pulsegate.pulsar.tls")
public record BrokerTlsProperties(@Nullable Path trustCertificates,
		@DefaultValue("true") boolean hostnameVerification) {

}
