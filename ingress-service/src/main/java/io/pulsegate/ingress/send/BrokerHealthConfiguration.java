package io.pulsegate.ingress.send;

import io.pulsegate.service.health.BrokerReachability;
import org.apache.pulsar.client.api.PulsarClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BrokerHealthConfiguration {

	// A lookup slower than a publish may take means publishes are failing too.
	@Bean("broker")
	BrokerReachability brokerReachability(PulsarClient client, EventRoutes routes, IngressProperties properties) {
		return new BrokerReachability(client, routes.topics().get(0).topicName(), properties.publishTimeout());
	}

}
