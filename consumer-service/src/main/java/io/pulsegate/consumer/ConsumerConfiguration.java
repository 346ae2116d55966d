package io.pulsegate.consumer;

import java.time.Duration;

import io.pulsegate.consumer.events.ConsumerProperties;
import io.pulsegate.events.schema.EventCatalog;
import io.pulsegate.events.schema.EventValidator;
import io.pulsegate.service.health.BrokerReachability;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.pulsar.core.PulsarAdministration;

@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

	@Bean
	EventValidator eventValidator() {
		return new EventValidator(EventCatalog.standard());
	}

	// One admin client for backlog gauges and dead-letter operations.
	@Bean(destroyMethod = "close")
	PulsarAdmin pulsarAdmin(PulsarAdministration administration) throws PulsarClientException {
		return administration.createAdminClient();
	}

	@Bean("broker")
	BrokerReachability brokerReachability(PulsarClient client, ConsumerProperties properties) {
		return new BrokerReachability(client, properties.topic(), Duration.ofSeconds(5));
	}

}
