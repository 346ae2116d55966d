package io.pulsegate.ingress;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the event JSON Schemas from {@code common-events} under {@code /schemas/}, where
 * the OpenAPI document ({@code /openapi.yaml}) refers to them.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation implements WebMvcConfigurer {

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/schemas/**").addResourceLocations("classpath:/io/pulsegate/events/schemas/");
	}

}
