package io.pulsegate.consumer.subscriptions;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Tells when a subscription has stopped receiving although it should: messages are due,
 * its consumers have room for them, and yet the broker has sent none for a while. A slow
 * handler does not count (its consumers have no room), nor do delayed messages, nor
 * messages a consumer already holds.
 * <p>
 * Pulsar 4.2.4 brokers with the entry cache on can leave a Key_Shared subscription in
 * this state for good; other causes are a stuck consumer elsewhere holding the keys'
 * hashes, or a limit on unacknowledged messages.
 */
final class DispatchStallDetector {

	private final Duration after;

	private @Nullable SubscriptionSample last;

	private @Nullable Instant quietSince;

	private boolean stalled;

	/**
	 * Creates a detector.
	 * @param after how long dispatch must stay quiet before it counts as stalled
	 */
	DispatchStallDetector(Duration after) {
		this.after = after;
	}

	/**
	 * Takes the next sample.
	 * @param sample what the broker reports now
	 * @param now when the sample was taken
	 * @return whether the subscription went into or out of a stall with this sample
	 */
	Change observe(SubscriptionSample sample, Instant now) {
		SubscriptionSample previous = this.last;
		this.last = sample;
		boolean quiet = previous != null && sample.waiting() > 0 && sample.permits() > 0
				&& sample.dispatched() == previous.dispatched();
		if (!quiet) {
			this.quietSince = null;
			return update(false);
		}
		if (this.quietSince == null) {
			this.quietSince = now;
		}
		return update(Duration.between(this.quietSince, now).compareTo(this.after) >= 0);
	}

	boolean stalled() {
		return this.stalled;
	}

	/**
	 * Forgets the samples so far, as after the topic was unloaded: its counters start
	 * again from zero.
	 */
	void reset() {
		this.last = null;
		this.quietSince = null;
		this.stalled = false;
	}

	private Change update(boolean stalled) {
		Change change = (stalled == this.stalled) ? Change.NONE : (stalled ? Change.STALLED : Change.RECOVERED);
		this.stalled = stalled;
		return change;
	}

	enum Change {

		NONE, STALLED, RECOVERED

	}

}
