package io.pulsegate.ingress.admission;

import java.util.concurrent.TimeUnit;

import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limiter.AbstractLimiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Limits {@code POST /send} and {@code POST /send/batch}, each on its own: a batch takes
 * longer than a single event, and one endpoint's load should not shed the other's. The
 * filters run before authentication and before the observation of the request, so that a
 * shed request costs as little as possible: shed requests are counted by
 * {@code pulsegate.ingress.admission.shed}, not in {@code http.server.requests}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdmissionProperties.class)
@ConditionalOnBooleanProperty(name = "pulsegate.ingress.admission.enabled", matchIfMissing = true)
class AdmissionConfiguration {

	/**
	 * Before Spring Security's filter chain (-100 unless
	 * {@code spring.security.filter.order} says otherwise).
	 */
	static final int ORDER = -110;

	/**
	 * Moves Spring Boot's observation of HTTP requests from the outermost filters to just
	 * inside these: starting and stopping an observation (its timers, its span) took 15%
	 * of the ingress's CPU time while it shed at 15,000 requests per second, a cost a
	 * refusal should not carry. Admitted requests are observed as before, Spring Security
	 * included.
	 * @return the post-processor
	 */
	@Bean
	static BeanPostProcessor observeAdmittedRequestsOnly() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof FilterRegistrationBean<?> registration
						&& registration.getFilter() instanceof ServerHttpObservationFilter) {
					registration.setOrder(ORDER + 1);
				}
				return bean;
			}

		};
	}

	@Bean
	FilterRegistrationBean<AdmissionFilter> sendAdmission(AdmissionProperties properties, JsonMapper jsonMapper,
			MeterRegistry meters) {
		return admission("send", "/send", properties.send(), properties, jsonMapper, meters);
	}

	@Bean
	FilterRegistrationBean<AdmissionFilter> batchAdmission(AdmissionProperties properties, JsonMapper jsonMapper,
			MeterRegistry meters) {
		return admission("batch", "/send/batch", properties.batch(), properties, jsonMapper, meters);
	}

	private static FilterRegistrationBean<AdmissionFilter> admission(String endpoint, String path,
			AdmissionProperties.Limit limit, AdmissionProperties properties, JsonMapper jsonMapper,
			MeterRegistry meters) {
		AbstractLimiter<HttpServletRequest> limiter = limiter(endpoint, limit);
		Gauge.builder("pulsegate.ingress.admission.limit", limiter, AbstractLimiter::getLimit)
			.description("Requests the endpoint works on at once before it sheds more")
			.tag("endpoint", endpoint)
			.register(meters);
		Gauge.builder("pulsegate.ingress.admission.in.flight", limiter, AbstractLimiter::getInflight)
			.description("Requests the endpoint is working on")
			.tag("endpoint", endpoint)
			.register(meters);
		Counter shed = Counter.builder("pulsegate.ingress.admission.shed")
			.description("Requests answered 429 because the endpoint was at its limit")
			.tag("endpoint", endpoint)
			.register(meters);
		ShedResponse response = new ShedResponse(jsonMapper, path, properties.retryAfter().toSeconds(), shed);
		FilterRegistrationBean<AdmissionFilter> registration = new FilterRegistrationBean<>(
				new AdmissionFilter(limiter, response));
		registration.setName(endpoint + "Admission");
		registration.addUrlPatterns(path);
		registration.setOrder(ORDER);
		return registration;
	}

	private static AbstractLimiter<HttpServletRequest> limiter(String endpoint, AdmissionProperties.Limit limit) {
		AIMDLimit aimd = AIMDLimit.newBuilder()
			.initialLimit(limit.initialLimit())
			.minLimit(limit.minLimit())
			.maxLimit(limit.maxLimit())
			.timeout(limit.latencyTarget().toNanos(), TimeUnit.NANOSECONDS)
			.build();
		return SimpleLimiter.newBuilder().named(endpoint).limit(aimd).build();
	}

}
