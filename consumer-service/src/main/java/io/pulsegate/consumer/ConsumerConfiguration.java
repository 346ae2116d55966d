package io.pulsegate.consumer;

import io.pulsegate.events.schema.EventCatalog;
import io.pulsegate.events.schema.EventValidator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

	@Bean
	EventValidator eventValidator() {
		return new EventValidator(EventCatalog.standard());
	}

}
