package io.pulsegate.ingress.send;

import io.pulsegate.events.schema.EventCatalog;
import io.pulsegate.events.schema.EventValidator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SendConfiguration {

	@Bean
	EventValidator eventValidator() {
		return new EventValidator(EventCatalog.standard());
	}

}
