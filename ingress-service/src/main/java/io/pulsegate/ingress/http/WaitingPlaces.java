package io.pulsegate.ingress.http;

import java.util.HashMap;
import java.util.Map;

/**
 * The places of requests waiting for their bodies, shared fairly among the tenants that
 * wait: at most {@code max} in all, at most {@code maxPerTenant} of one tenant's, and no
 * tenant more than an equal share with one tenant more than are waiting. One tenant alone
 * may take half of them, each of two a third, each of three a quarter, and so on:
 * whatever number of tenants stall together, a share is left for the next, until as many
 * tenants wait as there are places.
 * <p>
 * A tenant that came when fewer were waiting may hold more than its share now: it takes
 * no more until it holds less, and each place is given back when its body has come or its
 * deadline has passed. Until then, tenants that came one after another can hold all the
 * places (of 32: 16, then 10, then 6).
 */
final class WaitingPlaces {

	private final int max;

	private final int maxPerTenant;

	private final Map<String, Integer> byTenant = new HashMap<>();

	private int taken;

	WaitingPlaces(int max, int maxPerTenant) {
		this.max = max;
		this.maxPerTenant = maxPerTenant;
	}

	/**
	 * Takes a place for one of the tenant's requests, if the tenant may have another.
	 * @param tenant the tenant whose request waits
	 * @return whether the request got a place, which it must give back with
	 * {@link #free(String)}, and if not, why
	 */
	synchronized Grant take(String tenant) {
		if (this.taken >= this.max) {
			return Grant.NONE_FREE;
		}
		int held = this.byTenant.getOrDefault(tenant, 0);
		if (held >= share(held)) {
			return Grant.SHARE_HELD;
		}
		this.taken++;
		this.byTenant.put(tenant, held + 1);
		return Grant.TAKEN;
	}

	synchronized void free(String tenant) {
		this.taken--;
		this.byTenant.computeIfPresent(tenant, (key, held) -> (held > 1) ? held - 1 : null);
	}

	synchronized int taken() {
		return this.taken;
	}

	private int share(int held) {
		int waiting = this.byTenant.size() + ((held == 0) ? 1 : 0);
		return Math.min(this.maxPerTenant, Math.max(1, this.max / (waiting + 1)));
	}

	/**
	 * What a request asking for a place got.
	 */
	enum Grant {

		/**
		 * A place.
		 */
		TAKEN,

		/**
		 * None: every place is taken.
		 */
		NONE_FREE,

		/**
		 * None: the tenant holds its share of the places.
		 */
		SHARE_HELD

	}

}
