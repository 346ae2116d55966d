package io.pulsegate.ingress.send;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.pulsegate.events.EventMetadata;
import io.pulsegate.events.schema.EventCatalog;
import io.pulsegate.events.schema.EventValidator;
import org.junit.jupiter.api.Test;

import org.springframework.pulsar.core.PulsarTemplate;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The publisher gives back what it took from the bulkhead and the circuit breaker, also
 * when sending fails in a way nobody foresaw.
 */
class EventPublisherTests {

	private static final String ORDERS = "persistent://public/default/orders";

	private final BulkheadRegistry bulkheads = BulkheadRegistry
		.of(BulkheadConfig.custom().maxConcurrentCalls(2).maxWaitDuration(Duration.ZERO).build());

	private final CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();

	@Test
	@SuppressWarnings("unchecked")
	void aSendThatThrowsGivesItsPermitsBack() {
		PulsarTemplate<byte[]> template = mock(PulsarTemplate.class);
		given(template.newMessage(any())).willThrow(new IllegalStateException("no producer for you"));
		EventPublisher publisher = publisher(template);
		CircuitBreaker breaker = this.circuitBreakers.circuitBreaker(EventPublisher.CIRCUIT_BREAKER);
		// Half open: the breaker lets a few trial calls through and waits for their
		// outcome.
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();
		int trials = breaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState();

		for (int i = 0; i < trials + 2; i++) {
			assertThatIllegalStateException().isThrownBy(() -> publisher.publish(event()));
		}

		assertThat(this.bulkheads.bulkhead(EventPublisher.BULKHEAD).getMetrics().getAvailableConcurrentCalls())
			.isEqualTo(2);
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(breaker.tryAcquirePermission()).as("a trial call still let through").isTrue();
	}

	private EventPublisher publisher(PulsarTemplate<byte[]> template) {
		IngressProperties properties = new IngressProperties(
				List.of(new IngressProperties.Route(ORDERS, 0, List.of("order.placed"))), Duration.ofSeconds(5),
				Duration.ofSeconds(5), "urn:test", DataSize.ofMegabytes(1), 500, Duration.ofDays(7), true);
		return new EventPublisher(template, new EventRoutes(properties, new EventValidator(EventCatalog.standard())),
				properties, this.circuitBreakers, this.bulkheads);
	}

	private static OutgoingEvent event() {
		return new OutgoingEvent(ORDERS, new EventMetadata("e-1", "order.placed", "/test",
				Instant.parse("2026-12-06T10:00:00Z"), "o-1", Map.of()), "{}".getBytes(), null, null);
	}

}
