package io.pulsegate.system.chaos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How big a chaos run is. CI runs the defaults; system properties make it longer, for
 * example {@code -Dpulsegate.chaos.events=50000 -Dpulsegate.chaos.rounds=5}.
 *
 * @param events how many distinct events the clients send, all told
 * @param rounds how many times each of the faults is injected
 * @param clients how many clients send concurrently, each its share of the events
 * @param rate events per second the clients start, all together, at most
 * @param requestTimeout how long a client waits for an answer before it retries
 * @param report where the summary is written
 */
record ChaosSettings(int events, int rounds, int clients, int rate, Duration requestTimeout, Path report) {

	ChaosSettings {
		if (events < (rounds * Fault.values().length + 1) * clients) {
			throw new IllegalArgumentException(
					"Too few events for " + rounds + " round(s) of faults and " + clients + " clients: " + events);
		}
	}

	static ChaosSettings fromSystemProperties() {
		int events = Integer.getInteger("pulsegate.chaos.events", 2_000);
		int rounds = Integer.getInteger("pulsegate.chaos.rounds", 1);
		// By default the events are spread over about 25 s a fault, so that the load
		// lasts as long as the faults and each of them meets it.
		return new ChaosSettings(events, rounds, Integer.getInteger("pulsegate.chaos.clients", 8),
				Integer.getInteger("pulsegate.chaos.rate",
						Math.max(10, events / (rounds * Fault.values().length * 25))),
				Duration.ofSeconds(3), Path.of(System.getProperty("pulsegate.chaos.report", "target/chaos")));
	}

	int faults() {
		return this.rounds * Fault.values().length;
	}

	/**
	 * How many events must have been acknowledged before a fault is injected: the faults
	 * are spread evenly over the run, so that each meets events in flight.
	 * @param fault the fault's position in the run, from 0
	 * @return the acknowledged events that trigger it
	 */
	int trigger(int fault) {
		return (int) ((long) this.events * (fault + 1) / (faults() + 1));
	}

	/**
	 * The longest a run may take, whatever happens: generous for the events at the rate,
	 * plus two minutes a fault.
	 * @return the bound
	 */
	Duration bound() {
		return Duration.ofSeconds(2L * this.events / this.rate + 120L * faults() + 120);
	}

}
