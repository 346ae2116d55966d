package io.pulsegate.system.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.pulsegate.testsupport.ServiceProcess;
import io.pulsegate.testsupport.SubscriptionBacklog;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * Injects one fault at a time into a running stack, under the clients' load, brings the
 * faulty part back the way an operator's automation would (a restart, a new instance),
 * and measures how long the system took to recover. Right after each fault it sends a
 * probe event: the fault is over, end to end, when the projection has applied it.
 */
final class FaultInjector {

	private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);

	private final ChaosStack stack;

	private final LoadClients clients;

	private final Projection projection;

	private final Ledger ledger;

	private final List<String> problems = new ArrayList<>();

	FaultInjector(ChaosStack stack, LoadClients clients, Projection projection, Ledger ledger) {
		this.stack = stack;
		this.clients = clients;
		this.projection = projection;
		this.ledger = ledger;
	}

	Recovery inject(Fault fault, int round) {
		int acknowledgedBefore = this.ledger.acknowledged();
		Recovery recovery = switch (fault) {
			case BROKER_KILLED -> killBroker(round);
			case CONSUMER_KILLED -> killConsumer(round);
			case INGRESS_STOPPED -> stopIngress(round);
			case DATABASE_STOPPED -> stopDatabase(round);
			case REDIS_HUNG -> freezeRedis(round);
		};
		return recovery
			.withDetail("; " + (this.ledger.acknowledged() - acknowledgedBefore) + " events acknowledged meanwhile");
	}

	/**
	 * What went wrong on the way, other than what the figures show: an instance that did
	 * not stop gracefully, a fault the system did not recover from in time.
	 * @return the problems, empty if none
	 */
	List<String> problems() {
		return List.copyOf(this.problems);
	}

	private Recovery killBroker(int round) {
		long pid = this.stack.broker().pid();
		Instant injected = Instant.now();
		this.stack.broker().kill();
		LoadEvent probe = this.clients.probe("broker-" + round);
		this.stack.broker().restart();
		Duration back = since(injected);
		return recovery(Fault.BROKER_KILLED, round, injected, back, probe,
				"broker pid " + pid + " killed, ready again after " + seconds(back));
	}

	private Recovery killConsumer(int round) {
		long inHand = awaitEventsInHand();
		ServiceProcess killed = this.stack.consumer();
		Instant injected = Instant.now();
		killed.kill();
		LoadEvent probe = this.clients.probe("consumer-" + round);
		this.stack.startNewConsumer();
		Duration back = since(injected);
		return recovery(Fault.CONSUMER_KILLED, round, injected, back, probe, "consumer pid " + killed.pid()
				+ " killed with " + inHand + " events unacknowledged; new one healthy after " + seconds(back));
	}

	private Recovery stopIngress(int round) {
		ServiceProcess stopping = this.stack.ingresses().get(0);
		Instant injected = Instant.now();
		CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(stopping::stop);
		LoadEvent probe = this.clients.probe("ingress-" + round);
		ServiceProcess replacement = this.stack.startIngress();
		replacement.awaitHealthy(Duration.ofMinutes(3));
		this.stack.ingresses().replace(0, replacement);
		Duration back = since(injected);
		boolean graceful = stopped.join();
		if (!graceful) {
			this.problems
				.add("ingress pid " + stopping.pid() + " did not exit within 30 s of SIGTERM (round " + round + ")");
		}
		return recovery(Fault.INGRESS_STOPPED, round, injected, back, probe,
				"ingress pid " + stopping.pid() + (graceful ? " exited gracefully" : " had to be killed")
						+ "; new instance healthy after " + seconds(back));
	}

	private Recovery stopDatabase(int round) {
		Instant injected = Instant.now();
		boolean graceful = this.stack.database().stop();
		LoadEvent probe = this.clients.probe("database-" + round);
		// Down until the consumer has noticed, so that the outage is real but brief.
		await("the consumer noticing PostgreSQL is down").atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> !ChaosStack.isUp(this.stack.consumer()));
		Duration down = since(injected);
		this.stack.database().start();
		Duration back = since(injected);
		return recovery(Fault.DATABASE_STOPPED, round, injected, back, probe,
				"PostgreSQL " + (graceful ? "stopped" : "killed") + ", consumer DOWN after " + seconds(down)
						+ ", accepting connections again after " + seconds(back));
	}

	private Recovery freezeRedis(int round) {
		Instant injected = Instant.now();
		this.stack.redis().freeze();
		LoadEvent probe;
		try {
			probe = this.clients.probe("redis-" + round);
			// Frozen until each ingress has opened its circuit breaker around Redis: long
			// enough to matter, and no longer.
			await("every ingress opening its idempotency-store circuit breaker").atMost(Duration.ofMinutes(1))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> this.stack.ingresses()
					.all()
					.stream()
					.allMatch(FaultInjector::idempotencyStoreBreakerOpen));
		}
		finally {
			this.stack.redis().thaw();
		}
		Duration frozen = since(injected);
		// Half-open lets requests with a key through again, and closes after a few have
		// passed; without requests, at the end of the load, it stays half-open.
		await("no ingress keeping its idempotency-store circuit breaker open").atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> this.stack.ingresses().all().stream().noneMatch(FaultInjector::idempotencyStoreBreakerOpen));
		Duration back = since(injected);
		return recovery(Fault.REDIS_HUNG, round, injected, back, probe,
				"Redis frozen for " + seconds(frozen) + ", until both ingresses refused requests with a key at once; "
						+ "both let them through again after " + seconds(back));
	}

	private static boolean idempotencyStoreBreakerOpen(ServiceProcess ingress) {
		return ingress.get("/actuator/prometheus")
			.lines()
			.anyMatch((line) -> line.startsWith("resilience4j_circuitbreaker_state{")
					&& line.contains("name=\"idempotency-store\",state=\"open\"") && line.endsWith(" 1.0"));
	}

	// Messages dispatched or waiting and not acknowledged: the consumer has work in hand.
	private long awaitEventsInHand() {
		try {
			return await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> SubscriptionBacklog.of(this.stack.broker(), this.stack.topic(), ChaosStack.SUBSCRIPTION),
						(backlog) -> backlog > 0);
		}
		catch (ConditionTimeoutException ex) {
			return 0;
		}
	}

	private Recovery recovery(Fault fault, int round, Instant injected, Duration back, LoadEvent probe, String detail) {
		Duration endToEnd = awaitApplied(probe).map((applied) -> Duration.between(injected, applied)).orElse(null);
		if (endToEnd == null) {
			this.problems.add(fault.description() + " (round " + round + "): the probe sent right after it was not "
					+ "applied within " + RECOVERY_TIMEOUT);
		}
		return new Recovery(fault, round, back, endToEnd, detail);
	}

	private Optional<Instant> awaitApplied(LoadEvent probe) {
		try {
			return await().atMost(RECOVERY_TIMEOUT)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> probe.isAcknowledged() ? this.projection.appliedAt(probe.orderId()) : Optional.empty(),
						Optional::isPresent);
		}
		catch (ConditionTimeoutException ex) {
			return Optional.empty();
		}
	}

	private static Duration since(Instant instant) {
		return Duration.between(instant, Instant.now());
	}

	static String seconds(@Nullable Duration duration) {
		return (duration != null) ? String.format("%.1f s", duration.toMillis() / 1000.0) : "-";
	}

}
