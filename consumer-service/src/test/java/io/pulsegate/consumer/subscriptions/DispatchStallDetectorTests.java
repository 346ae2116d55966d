package io.pulsegate.consumer.subscriptions;

import java.time.Duration;
import java.time.Instant;

import io.pulsegate.consumer.subscriptions.DispatchStallDetector.Change;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DispatchStallDetectorTests {

	private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

	private final DispatchStallDetector detector = new DispatchStallDetector(Duration.ofMinutes(2));

	@Test
	void subscriptionWithDueMessagesRoomAndNothingSentStallsOnceTheWindowHasPassed() {
		assertThat(observe(0, sample(500, 0, 0, 1000, 1000))).isEqualTo(Change.NONE);
		assertThat(observe(60, sample(500, 0, 0, 1000, 1000))).isEqualTo(Change.NONE);
		assertThat(observe(150, sample(500, 0, 0, 1000, 1000))).isEqualTo(Change.NONE);
		assertThat(this.detector.stalled()).isFalse();
		assertThat(observe(180, sample(500, 0, 0, 1000, 1000))).isEqualTo(Change.STALLED);
		assertThat(this.detector.stalled()).isTrue();
		assertThat(observe(195, sample(500, 0, 0, 1000, 1000))).isEqualTo(Change.NONE);
		assertThat(this.detector.stalled()).isTrue();
	}

	@Test
	void stallEndsAsSoonAsTheBrokerSendsAgain() {
		observe(0, sample(500, 0, 0, 1000, 1000));
		observe(60, sample(500, 0, 0, 1000, 1000));
		observe(180, sample(500, 0, 0, 1000, 1000));
		assertThat(observe(195, sample(400, 0, 0, 1100, 1000))).isEqualTo(Change.RECOVERED);
		assertThat(this.detector.stalled()).isFalse();
	}

	@Test
	void subscriptionThatKeepsReceivingNeverStalls() {
		for (int minute = 0; minute < 10; minute++) {
			observe(minute * 60, sample(500, 0, 0, 1000 + minute, 1000));
		}
		assertThat(this.detector.stalled()).isFalse();
	}

	@Test
	void slowHandlerWhoseConsumersHaveNoRoomIsNotAStall() {
		for (int minute = 0; minute < 10; minute++) {
			observe(minute * 60, sample(500, 0, 20, 1000, 0));
		}
		assertThat(this.detector.stalled()).isFalse();
	}

	@Test
	void messagesHeldForDelayedDeliveryOrByConsumersAreNotDue() {
		for (int minute = 0; minute < 10; minute++) {
			observe(minute * 60, sample(500, 480, 20, 1000, 980));
		}
		assertThat(this.detector.stalled()).isFalse();
	}

	@Test
	void emptySubscriptionIsNotAStall() {
		for (int minute = 0; minute < 10; minute++) {
			observe(minute * 60, sample(0, 0, 0, 1000, 1000));
		}
		assertThat(this.detector.stalled()).isFalse();
	}

	@Test
	void afterResetTheWindowStartsAgain() {
		observe(0, sample(500, 0, 0, 1000, 1000));
		observe(180, sample(500, 0, 0, 1000, 1000));
		this.detector.reset();
		assertThat(this.detector.stalled()).isFalse();
		// The unloaded topic's counters start from zero on its new owner.
		assertThat(observe(200, sample(500, 0, 0, 0, 1000))).isEqualTo(Change.NONE);
		assertThat(observe(260, sample(500, 0, 0, 0, 1000))).isEqualTo(Change.NONE);
		assertThat(observe(330, sample(500, 0, 0, 0, 1000))).isEqualTo(Change.NONE);
		assertThat(observe(380, sample(500, 0, 0, 0, 1000))).isEqualTo(Change.STALLED);
	}

	private Change observe(int second, SubscriptionSample sample) {
		return this.detector.observe(sample, START.plusSeconds(second));
	}

	private static SubscriptionSample sample(long backlog, long delayed, long unacked, long dispatched, long permits) {
		return new SubscriptionSample(backlog, delayed, unacked, dispatched, permits, false);
	}

}
