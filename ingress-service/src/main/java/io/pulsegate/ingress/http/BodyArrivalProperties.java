package io.pulsegate.ingress.http;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the ingress waits for request bodies that did not arrive with their headers (see
 * {@link BodyArrivalValve}).
 *
 * @param enabled whether bodies are awaited before the application sees the request; off
 * only where a proxy in front already buffers whole bodies
 * @param deadline the time a body has, from the request's headers on, to arrive whole;
 * each read also waits at most {@code server.tomcat.connection-timeout}
 * @param maxAwaited how many requests may be waiting for their bodies at once, each on a
 * thread of Tomcat's; more get 429
 * @param maxAwaitedPerTenant how many of those may be one tenant's at most, so that one
 * tenant's stalling clients leave places for the others; while several tenants wait, each
 * gets at most an equal share that leaves one for the next (see {@link WaitingPlaces})
 */
@ConfigurationProperties("pulsegate.ingress.body-arrival")
@Validated
public record BodyArrivalProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("10s") @NotNull Duration deadline, @DefaultValue("32") @Positive int maxAwaited,
		@DefaultValue("16") @Positive int maxAwaitedPerTenant) {

}
