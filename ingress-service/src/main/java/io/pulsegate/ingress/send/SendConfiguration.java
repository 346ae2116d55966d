package io.pulsegate.ingress.send;

import io.pulsegate.events.schema.EventCatalog;
import io.pulsegate.events.schema.EventValidator;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class SendConfiguration {

	/**
	 * Before every other filter, the observation of the request included, so that nothing
	 * touches the response after it: see {@link DispatchHandoff}.
	 */
	@Bean
	FilterRegistrationBean<DispatchHandoff.Filter> sendDispatchHandoff() {
		FilterRegistrationBean<DispatchHandoff.Filter> registration = new FilterRegistrationBean<>(
				new DispatchHandoff.Filter());
		registration.addUrlPatterns("/send");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	EventValidator eventValidator() {
		return new EventValidator(EventCatalog.standard());
	}

}
