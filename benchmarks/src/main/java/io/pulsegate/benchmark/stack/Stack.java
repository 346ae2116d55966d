package io.pulsegate.benchmark.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.pulsegate.localpostgres.LocalPostgres;
import io.pulsegate.localpulsar.LocalPulsar;
import io.pulsegate.localpulsar.LocalPulsarSettings;
import io.pulsegate.testsupport.Directories;
import io.pulsegate.testsupport.ServiceProcess;
import io.pulsegate.testsupport.Signal;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.common.policies.data.TenantInfo;

/**
 * Everything the benchmark measures, on this machine: a Pulsar standalone, PostgreSQL,
 * the ingress and the consumer, each in its own process, plus a client and an admin
 * client for the benchmark's own Pulsar paths.
 * <p>
 * Two tenants: {@code public} routes orders to the topic the consumer projects (end to
 * end, drain); {@code bench} routes them to a topic that only an acknowledging consumer
 * reads (throughput and latency of the ingress alone).
 */
public final class Stack implements AutoCloseable {

	public static final String ORDERS_TOPIC = "persistent://public/default/orders";

	public static final String LOAD_NAMESPACE = "bench/load";

	public static final String INGRESS_TOPIC = "persistent://bench/load/ingress";

	public static final String PUBLIC_API_KEY = "benchmark-public-api-key";

	public static final String LOAD_API_KEY = "benchmark-load-api-key";

	/** The ingress's heap at saturation: the issue asks for it to stay bounded. */
	public static final List<String> INGRESS_JVM = List.of("-Xms256m", "-Xmx256m", "-XX:+UseG1GC",
			"-XX:+ExitOnOutOfMemoryError");

	public static final List<String> CONSUMER_JVM = List.of("-Xms256m", "-Xmx256m", "-XX:+UseG1GC",
			"-XX:+ExitOnOutOfMemoryError");

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private final Path workDirectory;

	private final ProcessMeter meter;

	private final LocalPulsar broker;

	private final LocalPostgres database;

	private final PulsarAdmin admin;

	private final PulsarClient client;

	private final Path ingressJar;

	private final Path consumerJar;

	private ServiceProcess ingress;

	private ServiceProcess consumer;

	private final boolean profile;

	private final AtomicBoolean closed = new AtomicBoolean();

	private int consumerStarts;

	private volatile boolean consumerFrozen;

	private final ServiceOverrides overrides;

	private Stack(Path workDirectory, ProcessMeter meter, LocalPulsar broker, LocalPostgres database, PulsarAdmin admin,
			PulsarClient client, Path ingressJar, Path consumerJar, boolean profile, ServiceOverrides overrides) {
		this.workDirectory = workDirectory;
		this.overrides = overrides;
		this.profile = profile;
		this.meter = meter;
		this.broker = broker;
		this.database = database;
		this.admin = admin;
		this.client = client;
		this.ingressJar = ingressJar;
		this.consumerJar = consumerJar;
	}

	/**
	 * Starts the broker, the database and both services, and waits until they are
	 * healthy.
	 * @param workDirectory where data and logs go
	 * @param brokerSettings the broker's memory and {@code standalone.conf} entries
	 * @param ingressJar the ingress's executable jar
	 * @param consumerJar the consumer's executable jar
	 * @param meter measures every process started
	 * @param profile whether the services record a Java Flight Recording into the work
	 * directory, written when they stop
	 * @param overrides settings of the services over the benchmark's own
	 * @return the running stack
	 * @throws IOException if a process cannot be started
	 */
	public static Stack start(Path workDirectory, BrokerSettings brokerSettings, Path ingressJar, Path consumerJar,
			ProcessMeter meter, boolean profile, ServiceOverrides overrides) throws IOException {
		meter.track("benchmark", ProcessHandle.current().pid());
		LocalPulsarSettings settings = LocalPulsarSettings.defaults(workDirectory.resolve("pulsar"))
			.withPorts(freePort(), freePort(), freePort())
			.withWipeData(true)
			.withMemory(brokerSettings.maxHeap(), brokerSettings.maxDirectMemory())
			.withBrokerProperties(brokerSettings.properties());
		LocalPulsar broker = LocalPulsar.start(settings);
		meter.track("broker", broker.pid());
		// Commit times, so that the end-to-end latency ends when an event's effect
		// committed.
		LocalPostgres database = LocalPostgres.start(null, 0, Map.of("track_commit_timestamp", "on"));
		meter.trackTree("postgres", database.pid());
		PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(broker.adminUrl()).build();
		PulsarClient client = PulsarClient.builder().serviceUrl(broker.serviceUrl()).build();
		Stack stack = new Stack(workDirectory, meter, broker, database, admin, client, ingressJar, consumerJar, profile,
				overrides);
		try {
			stack.createLoadNamespace();
			stack.startIngress();
			stack.startConsumer();
			return stack;
		}
		catch (IOException | RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	public PulsarClient client() {
		return this.client;
	}

	public PulsarAdmin admin() {
		return this.admin;
	}

	public String brokerWebUrl() {
		return this.broker.adminUrl();
	}

	public String ingressUrl() {
		return this.ingress.url();
	}

	public String jdbcUrl() {
		return this.database.jdbcUrl();
	}

	public String databaseUser() {
		return LocalPostgres.USER;
	}

	public ProcessMeter meter() {
		return this.meter;
	}

	/**
	 * Creates a topic in the benchmark's namespace.
	 * @param name its local name
	 * @return its full name
	 */
	public String createLoadTopic(String name) {
		String topic = "persistent://" + LOAD_NAMESPACE + "/" + name;
		try {
			this.admin.topics().createNonPartitionedTopic(topic);
		}
		catch (PulsarAdminException ex) {
			throw new IllegalStateException("Could not create " + topic, ex);
		}
		return topic;
	}

	/**
	 * Stops the consumer with SIGTERM, letting it finish what it holds.
	 */
	public void stopConsumer() {
		this.consumer.stop();
	}

	/**
	 * Freezes the consumer with SIGSTOP: it keeps its connections, its compiled code and
	 * its place in the subscription, and takes nothing more until
	 * {@link #thawConsumer()}. The broker drops a client that has not answered its pings
	 * for a minute or so: thaw it well before that.
	 */
	public void freezeConsumer() {
		Signal.STOP.sendTo(this.consumer.pid());
		this.consumerFrozen = true;
	}

	/**
	 * Lets a frozen consumer run again (SIGCONT).
	 */
	public void thawConsumer() {
		Signal.CONT.sendTo(this.consumer.pid());
		this.consumerFrozen = false;
	}

	/**
	 * Starts a consumer and waits until it is healthy.
	 * @throws IOException if it cannot be started
	 */
	public void startConsumer() throws IOException {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.pulsar.client.service-url", this.broker.serviceUrl());
		properties.put("spring.pulsar.admin.service-url", this.broker.adminUrl());
		properties.put("pulsegate.consumer.topic", ORDERS_TOPIC);
		properties.put("spring.datasource.url", this.database.jdbcUrl());
		properties.put("spring.datasource.username", LocalPostgres.USER);
		properties.put("spring.datasource.password", "");
		properties.put("spring.security.user.password", "benchmark-admin-password");
		properties.putAll(this.overrides.consumer());
		this.consumerStarts++;
		String name = "consumer-" + this.consumerStarts;
		this.consumer = ServiceProcess.start(name, this.consumerJar,
				jvm(name, CONSUMER_JVM, this.overrides.consumerJvm()), properties, logs());
		this.consumer.awaitHealthy(START_TIMEOUT);
		this.meter.track("consumer", this.consumer.pid());
	}

	private void startIngress() throws IOException {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.pulsar.client.service-url", this.broker.serviceUrl());
		properties.put("spring.pulsar.admin.service-url", this.broker.adminUrl());
		properties.put("pulsegate.ingress.routes[0].topic", ORDERS_TOPIC);
		properties.put("pulsegate.ingress.routes[0].types[0]", "order.placed");
		properties.put("pulsegate.ingress.routes[1].topic", INGRESS_TOPIC);
		properties.put("pulsegate.ingress.routes[1].types[0]", "order.placed");
		properties.put("pulsegate.security.api-keys[0].key", PUBLIC_API_KEY);
		properties.put("pulsegate.security.api-keys[0].tenant", "public");
		properties.put("pulsegate.security.api-keys[1].key", LOAD_API_KEY);
		properties.put("pulsegate.security.api-keys[1].tenant", "bench");
		// The per-tenant rate limit (20,000 events/s by default) would cap the peak runs.
		properties.put("resilience4j.ratelimiter.configs.tenant.limit-for-period", "10000000");
		properties.putAll(this.overrides.ingress());
		this.ingress = ServiceProcess.start("ingress", this.ingressJar,
				jvm("ingress", INGRESS_JVM, this.overrides.ingressJvm()), properties, logs());
		this.ingress.awaitHealthy(START_TIMEOUT);
		this.meter.track("ingress", this.ingress.pid());
	}

	private void createLoadNamespace() {
		try {
			this.admin.tenants()
				.createTenant("bench", TenantInfo.builder().allowedClusters(Set.of("standalone")).build());
			this.admin.namespaces().createNamespace(LOAD_NAMESPACE);
		}
		catch (PulsarAdminException ex) {
			throw new IllegalStateException("Could not create the benchmark's namespace", ex);
		}
	}

	private List<String> jvm(String name, List<String> options, List<String> overrides) {
		List<String> jvm = new ArrayList<>(options);
		jvm.addAll(overrides);
		// Pauses, for GC and every other safepoint, with their wall-clock time, to lay
		// beside a latency that comes in bursts.
		jvm.add("-Xlog:gc,safepoint:file=" + logs().resolve(name + "-gc.log").toAbsolutePath() + ":time,uptime");
		if (this.profile) {
			jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
					+ this.workDirectory.resolve(name + ".jfr").toAbsolutePath());
		}
		return jvm;
	}

	private Path logs() {
		return this.workDirectory.resolve("logs");
	}

	/**
	 * Stops everything, once: the benchmark closes the stack when it ends, and its
	 * shutdown hook again on Ctrl-C.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		if (this.consumer != null) {
			if (this.consumerFrozen) {
				// A stopped process would not act on SIGTERM.
				thawConsumer();
			}
			this.consumer.close();
		}
		if (this.ingress != null) {
			this.ingress.close();
		}
		try {
			this.client.close();
		}
		catch (PulsarClientException ex) {
			// Closing anyway: the broker goes next.
		}
		this.admin.close();
		this.broker.close();
		this.database.close();
		// A run writes gigabytes to the bookie (the raw client's peak alone, 100,000
		// events/s); left behind, a few runs fill the disk and the next one's bookie
		// turns read-only. Its log and configuration stay.
		for (String data : List.of("bookkeeper", "metadata", "rocksdb-log")) {
			Directories.deleteRecursively(this.workDirectory.resolve("pulsar").resolve(data));
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * How the broker runs.
	 *
	 * @param maxHeap its {@code -Xmx}
	 * @param maxDirectMemory its {@code -XX:MaxDirectMemorySize}
	 * @param properties {@code standalone.conf} entries over the launcher's defaults
	 */
	public record BrokerSettings(String maxHeap, String maxDirectMemory, Map<String, String> properties) {
	}

}
