package io.pulsegate.system.chaos;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How the system came back from one fault.
 *
 * @param fault the fault
 * @param round the round, from 1
 * @param back from the fault to the faulty part serving again: the broker ready, the new
 * consumer or ingress healthy, PostgreSQL accepting connections
 * @param endToEnd from the fault to the projection applying an event sent right after it
 * (the fault's probe), which the clients retried as long as it took; {@code null} if it
 * was not applied in time
 * @param detail what the fault met and did
 */
record Recovery(Fault fault, int round, Duration back, @Nullable Duration endToEnd, String detail) {

	Recovery withDetail(String more) {
		return new Recovery(this.fault, this.round, this.back, this.endToEnd, this.detail + more);
	}

}
