package io.pulsegate.ingress.send;

import io.pulsegate.ingress.security.CallerTenant;

import org.springframework.stereotype.Component;

/**
 * Admits a caller's request: names the tenant its credentials belong to and takes the
 * request's events from that tenant's rate.
 */
@Component
class Callers {

	private final CallerTenant callerTenant;

	private final TenantRateLimiter rateLimiter;

	Callers(CallerTenant callerTenant, TenantRateLimiter rateLimiter) {
		this.callerTenant = callerTenant;
		this.rateLimiter = rateLimiter;
	}

	/**
	 * Admits a request of some events.
	 * @param events how many events the request carries
	 * @return the caller's tenant
	 * @throws ForbiddenEventException if the credentials name no tenant
	 * @throws RateLimitedException if the tenant is over its rate
	 */
	String admit(int events) {
		String tenant = this.callerTenant.current()
			.orElseThrow(() -> new ForbiddenEventException("These credentials name no tenant"));
		this.rateLimiter.acquire(tenant, events);
		return tenant;
	}

}
