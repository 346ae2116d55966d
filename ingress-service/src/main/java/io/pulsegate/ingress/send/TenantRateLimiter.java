package io.pulsegate.ingress.send;

import java.time.Duration;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;

import org.springframework.stereotype.Component;

/**
 * One rate limiter per tenant, counting events (a batch of 100 counts 100). Tenants share
 * the {@code tenant} configuration unless an instance {@code tenant-<name>} overrides it.
 * Requests over the limit are refused at once, never queued.
 */
@Component
class TenantRateLimiter {

	static final String CONFIGURATION = "tenant";

	private final RateLimiterRegistry registry;

	TenantRateLimiter(RateLimiterRegistry registry) {
		this.registry = registry;
	}

	void acquire(String tenant, int events) {
		RateLimiter limiter = this.registry.rateLimiter("tenant-" + tenant, CONFIGURATION);
		int permits = Math.min(events, limiter.getRateLimiterConfig().getLimitForPeriod());
		if (!limiter.acquirePermission(permits)) {
			Duration period = limiter.getRateLimiterConfig().getLimitRefreshPeriod();
			throw new RateLimitedException(tenant, (period.toMillis() < 1000) ? Duration.ofSeconds(1) : period);
		}
	}

}
