package io.pulsegate.ingress.idempotency;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsegate.ingress.idempotency.IdempotentRequests.Outcome;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys are scoped by tenant, so that one tenant's keys never answer another's requests.
 */
class IdempotentRequestsTests {

	private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

	private final IdempotentRequests requests = new IdempotentRequests(
			new InMemoryIdempotencyStore(100, Instant::now, new SimpleMeterRegistry()), JsonMapper.builder().build(),
			new IdempotencyProperties(IdempotencyProperties.Store.MEMORY, Duration.ofHours(1), 100,
					Duration.ofSeconds(30)));

	private final AtomicInteger runs = new AtomicInteger();

	@Test
	void theSameKeyOfTheSameTenantRunsOnce() {
		this.requests.run("acme", "k", BODY, request()).join();
		ResponseEntity<Object> retry = this.requests.run("acme", "k", BODY, request()).join();

		assertThat(this.runs).hasValue(1);
		assertThat(retry.getHeaders().getFirst(IdempotentRequests.REPLAYED)).isEqualTo("true");
	}

	@Test
	void theSameKeyOfAnotherTenantRunsAgain() {
		this.requests.run("acme", "k", BODY, request()).join();
		this.requests.run("globex", "k", BODY, request()).join();

		assertThat(this.runs).hasValue(2);
	}

	@Test
	void tenantsAndKeysHoldingAColonDoNotRunIntoEachOther() {
		this.requests.run("a:b", "c", BODY, request()).join();
		ResponseEntity<Object> other = this.requests.run("a", "b:c", BODY, request()).join();

		assertThat(this.runs).hasValue(2);
		assertThat(other.getHeaders().containsHeader(IdempotentRequests.REPLAYED)).isFalse();
	}

	private Supplier<Outcome> request() {
		return () -> {
			this.runs.incrementAndGet();
			return Outcome
				.of(CompletableFuture.completedFuture(ResponseEntity.accepted().<Object>body(Map.of("run", 1))));
		};
	}

}
