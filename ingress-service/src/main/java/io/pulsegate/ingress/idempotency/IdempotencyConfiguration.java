package io.pulsegate.ingress.idempotency;

import java.time.Clock;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

	@Bean
	IdempotencyStore idempotencyStore(IdempotencyProperties properties, ObjectProvider<StringRedisTemplate> redis,
			ObjectProvider<ReactiveStringRedisTemplate> asyncRedis, JsonMapper jsonMapper,
			ObjectProvider<CircuitBreakerRegistry> circuitBreakers, Clock clock, MeterRegistry meters) {
		return switch (properties.store()) {
			case MEMORY -> new InMemoryIdempotencyStore(properties.maxEntries(), clock, meters);
			case REDIS -> new RedisIdempotencyStore(redis.getObject(), asyncRedis.getObject(), jsonMapper,
					circuitBreakers.getObject().circuitBreaker(RedisIdempotencyStore.CIRCUIT_BREAKER));
		};
	}

}
