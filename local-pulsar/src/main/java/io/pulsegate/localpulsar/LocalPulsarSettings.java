package io.pulsegate.localpulsar;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a local Pulsar standalone. The broker always binds to the loopback address.
 *
 * @param dataDirectory where the metadata store, bookie journal, ledgers, configuration
 * and log live
 * @param brokerPort port of the binary protocol ({@code pulsar://})
 * @param webPort port of the admin and REST API ({@code http://})
 * @param bookiePort port of the embedded bookie
 * @param wipeData start from empty storage instead of reusing what the data directory
 * holds
 * @param maxHeap the broker JVM's {@code -Xmx}, such as {@code 256m}
 * @param maxDirectMemory the broker JVM's {@code -XX:MaxDirectMemorySize}
 * @param startTimeout how long to wait for the broker to answer its admin API
 * @param brokerProperties extra {@code standalone.conf} entries, overriding the defaults
 * @param adminToken the token the launcher presents to the admin API while it waits for
 * the broker to be ready, when the broker authenticates its clients (a superuser's, as in
 * {@code brokerClientAuthenticationParameters}); empty when it does not
 */
public record LocalPulsarSettings(Path dataDirectory, int brokerPort, int webPort, int bookiePort, boolean wipeData,
		String maxHeap, String maxDirectMemory, Duration startTimeout, Map<String, String> brokerProperties,
		String adminToken) {

	public static final int DEFAULT_BROKER_PORT = 6650;

	public static final int DEFAULT_WEB_PORT = 8080;

	public static final int DEFAULT_BOOKIE_PORT = 3181;

	public LocalPulsarSettings {
		Objects.requireNonNull(dataDirectory, "dataDirectory");
		requirePort(brokerPort, "brokerPort");
		requirePort(webPort, "webPort");
		requirePort(bookiePort, "bookiePort");
		Objects.requireNonNull(maxHeap, "maxHeap");
		Objects.requireNonNull(maxDirectMemory, "maxDirectMemory");
		if (startTimeout.isNegative() || startTimeout.isZero()) {
			throw new IllegalArgumentException("startTimeout must be positive");
		}
		brokerProperties = Map.copyOf(brokerProperties);
		Objects.requireNonNull(adminToken, "adminToken");
	}

	/**
	 * Pulsar's usual ports, a persistent data directory and a small memory footprint.
	 * @param dataDirectory where the broker keeps its data
	 * @return the default settings
	 */
	public static LocalPulsarSettings defaults(Path dataDirectory) {
		return new LocalPulsarSettings(dataDirectory, DEFAULT_BROKER_PORT, DEFAULT_WEB_PORT, DEFAULT_BOOKIE_PORT, false,
				"256m", "256m", Duration.ofMinutes(2), Map.of(), "");
	}

	public LocalPulsarSettings withPorts(int brokerPort, int webPort, int bookiePort) {
		return new LocalPulsarSettings(this.dataDirectory, brokerPort, webPort, bookiePort, this.wipeData, this.maxHeap,
				this.maxDirectMemory, this.startTimeout, this.brokerProperties, this.adminToken);
	}

	public LocalPulsarSettings withWipeData(boolean wipeData) {
		return new LocalPulsarSettings(this.dataDirectory, this.brokerPort, this.webPort, this.bookiePort, wipeData,
				this.maxHeap, this.maxDirectMemory, this.startTimeout, this.brokerProperties, this.adminToken);
	}

	public LocalPulsarSettings withMemory(String maxHeap, String maxDirectMemory) {
		return new LocalPulsarSettings(this.dataDirectory, this.brokerPort, this.webPort, this.bookiePort,
				this.wipeData, maxHeap, maxDirectMemory, this.startTimeout, this.brokerProperties, this.adminToken);
	}

	public LocalPulsarSettings withBrokerProperties(Map<String, String> brokerProperties) {
		return new LocalPulsarSettings(this.dataDirectory, this.brokerPort, this.webPort, this.bookiePort,
				this.wipeData, this.maxHeap, this.maxDirectMemory, this.startTimeout, brokerProperties,
				this.adminToken);
	}

	public LocalPulsarSettings withAdminToken(String adminToken) {
		return new LocalPulsarSettings(this.dataDirectory, this.brokerPort, this.webPort, this.bookiePort,
				this.wipeData, this.maxHeap, this.maxDirectMemory, this.startTimeout, this.brokerProperties,
				adminToken);
	}

	public String serviceUrl() {
		return "pulsar://127.0.0.1:" + this.brokerPort;
	}

	public String adminUrl() {
		return "http://127.0.0.1:" + this.webPort;
	}

	private static void requirePort(int port, String name) {
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException(name + " must be between 1 and 65535 but was " + port);
		}
	}

}
