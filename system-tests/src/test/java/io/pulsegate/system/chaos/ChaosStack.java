package io.pulsegate.system.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsegate.system.Services;
import io.pulsegate.testsupport.LocalTestBroker;
import io.pulsegate.testsupport.PostgresProcess;
import io.pulsegate.testsupport.RedisServerProcess;
import io.pulsegate.testsupport.ServiceProcess;
import io.pulsegate.testsupport.TestDatabase;

/**
 * Everything a chaos run injects faults into, each part its own process: a broker, a
 * PostgreSQL and a Redis of the run's own (so that killing, stopping and freezing them
 * harms no other test), two ingress instances sharing their idempotency keys in that
 * Redis, and one consumer. Closing it stops them all, by their pids.
 */
final class ChaosStack implements AutoCloseable {

	static final String API_KEY = "chaos-suite-api-key";

	static final String SUBSCRIPTION = "order-projection";

	static final String AUDIT_SUBSCRIPTION = "order-audit";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private final LocalTestBroker broker;

	private final PostgresProcess database;

	private final RedisServerProcess redis;

	private final String topic;

	private final List<ServiceProcess> started = new ArrayList<>();

	private final AtomicInteger consumers = new AtomicInteger();

	private final AtomicInteger ingressNames = new AtomicInteger();

	private final Ingresses ingresses;

	private ServiceProcess consumer;

	private ChaosStack(LocalTestBroker broker, PostgresProcess database, RedisServerProcess redis, String topic) {
		this.broker = broker;
		this.database = database;
		this.redis = redis;
		this.topic = topic;
		this.consumer = startConsumer();
		this.ingresses = new Ingresses(startIngress(), startIngress());
		this.consumer.awaitHealthy(START_TIMEOUT);
		this.ingresses.all().forEach((ingress) -> ingress.awaitHealthy(START_TIMEOUT));
	}

	/**
	 * Starts a broker, a PostgreSQL and a Redis, then the services, and waits until all
	 * are healthy.
	 * @param runId names the topic
	 * @return the running stack
	 * @throws IOException if a process cannot be started
	 */
	static ChaosStack start(String runId) throws IOException {
		LocalTestBroker broker = LocalTestBroker.start();
		PostgresProcess database = null;
		RedisServerProcess redis = null;
		try {
			database = PostgresProcess.startNew(Services.logs());
			redis = RedisServerProcess.start();
			return new ChaosStack(broker, database, redis, "persistent://public/default/chaos-" + runId);
		}
		catch (IOException | RuntimeException ex) {
			if (redis != null) {
				redis.close();
			}
			if (database != null) {
				database.close();
			}
			broker.close();
			throw ex;
		}
	}

	LocalTestBroker broker() {
		return this.broker;
	}

	PostgresProcess database() {
		return this.database;
	}

	RedisServerProcess redis() {
		return this.redis;
	}

	String topic() {
		return this.topic;
	}

	String deadLetterTopic() {
		return this.topic + "-" + SUBSCRIPTION + "-DLQ";
	}

	Ingresses ingresses() {
		return this.ingresses;
	}

	synchronized ServiceProcess consumer() {
		return this.consumer;
	}

	/**
	 * Starts a consumer in the place of the one there was, and waits until it is healthy.
	 * @return the new consumer
	 */
	synchronized ServiceProcess startNewConsumer() {
		this.consumer = startConsumer();
		this.consumer.awaitHealthy(START_TIMEOUT);
		return this.consumer;
	}

	/**
	 * Starts an ingress instance with the run's route, key and shared Redis idempotency.
	 * @return the started instance; await its health before sending to it
	 */
	ServiceProcess startIngress() {
		String name = "chaos-ingress-" + (char) ('a' + this.ingressNames.getAndIncrement());
		try {
			return track(Services.startIngress(name, this.broker, this.topic, API_KEY,
					Map.of("pulsegate.ingress.idempotency.store", "redis", "spring.data.redis.host",
							this.redis.endpoint().host(), "spring.data.redis.port",
							Integer.toString(this.redis.endpoint().port()))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether every part serves: the broker and PostgreSQL run, and the services report
	 * UP.
	 * @return the parts that do not, empty if all do
	 */
	List<String> unhealthyParts() {
		List<String> unhealthy = new ArrayList<>();
		if (!this.broker.isRunning()) {
			unhealthy.add("broker");
		}
		if (!this.database.isRunning()) {
			unhealthy.add("PostgreSQL");
		}
		List<ServiceProcess> services = new ArrayList<>(this.ingresses.all());
		services.add(consumer());
		for (ServiceProcess service : services) {
			if (!isUp(service)) {
				String health = service.get("/actuator/health");
				unhealthy.add(service.logFile().getFileName().toString().replace(".log", "") + " ("
						+ (health.isEmpty() ? "no answer" : health.substring(0, Math.min(400, health.length()))) + ")");
			}
		}
		return unhealthy;
	}

	/**
	 * Whether a service reports UP on {@code /actuator/health}.
	 * @param service the service
	 * @return {@code false} if it reports anything else or does not answer
	 */
	static boolean isUp(ServiceProcess service) {
		String health = service.get("/actuator/health");
		try {
			return !health.isEmpty() && "UP".equals(JSON.readTree(health).path("status").asText());
		}
		catch (JsonProcessingException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		this.started.forEach(ServiceProcess::close);
		this.redis.close();
		this.database.close();
		this.broker.close();
	}

	private ServiceProcess startConsumer() {
		TestDatabase.Schema schema = new TestDatabase.Schema("public", this.database.jdbcUrl(),
				this.database.username(), "");
		try {
			return track(Services.startConsumer("chaos-consumer-" + this.consumers.incrementAndGet(), this.broker,
					this.topic, schema, Map.of("pulsegate.consumer.concurrency", "2",
							"pulsegate.consumer.batch.max-messages", "100", "spring.security.user.password", "chaos")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private ServiceProcess track(ServiceProcess service) {
		this.started.add(service);
		return service;
	}

}
