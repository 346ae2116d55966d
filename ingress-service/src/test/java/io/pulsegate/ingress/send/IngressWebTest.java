package io.pulsegate.ingress.send;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.github.resilience4j.springboot.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import io.pulsegate.ingress.IngressApplication;
import io.pulsegate.ingress.idempotency.IdempotencyProperties;
import io.pulsegate.ingress.idempotency.IdempotentRequests;
import io.pulsegate.ingress.security.SecurityProperties;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;

/**
 * A web slice of the ingress with everything between HTTP and the publisher real:
 * security, rate limits, idempotency (in memory), validation and routing. Only the
 * publisher, the broker's side, is left for the test to replace. Requests authenticate
 * with {@link #API_KEY} as tenant {@code public}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest
@Import({ EventRoutes.class, EventIntake.class, BodyReader.class, AcknowledgementAnswers.class, SendConfiguration.class,
		Callers.class, TenantRateLimiter.class, IngressApplication.class, SimpleMeterRegistry.class })
@ComponentScan(basePackageClasses = { SecurityProperties.class, IdempotentRequests.class })
@EnableConfigurationProperties({ IngressProperties.class, SecurityProperties.class, IdempotencyProperties.class })
@ImportAutoConfiguration(RateLimiterAutoConfiguration.class)
@interface IngressWebTest {

	/** The API key of tenant {@code public} in the test configuration. */
	String API_KEY = "public-tenant-test-key";

	@AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
	Class<?>[] controllers() default {};

	@AliasFor(annotation = WebMvcTest.class, attribute = "properties")
	String[] properties() default {};

}
