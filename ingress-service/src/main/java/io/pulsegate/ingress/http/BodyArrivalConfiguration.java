package io.pulsegate.ingress.http;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.ingress.security.RequestCredentials;
import io.pulsegate.ingress.send.IngressProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link BodyArrivalValve} first in the application's pipeline, before any filter.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BodyArrivalProperties.class)
@ConditionalOnBooleanProperty(name = "pulsegate.ingress.body-arrival.enabled", matchIfMissing = true)
class BodyArrivalConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> bodyArrival(BodyArrivalProperties properties,
			IngressProperties ingress, @Value("${server.tomcat.connection-timeout:60s}") Duration readTimeout,
			RequestCredentials credentials, JsonMapper jsonMapper, MeterRegistry meters) {
		return (factory) -> factory.addContextValves(new BodyArrivalValve(properties, ingress.maxBodySize().toBytes(),
				readTimeout, credentials, jsonMapper, meters));
	}

}
