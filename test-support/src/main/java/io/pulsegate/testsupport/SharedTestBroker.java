package io.pulsegate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.pulsar.PulsarContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The broker shared by every test in this JVM, chosen once:
 * <ol>
 * <li>an external broker when {@code PULSAR_SERVICE_URL} (and {@code PULSAR_ADMIN_URL})
 * are set;</li>
 * <li>otherwise a Testcontainers Pulsar of the client's version when Docker is
 * available;</li>
 * <li>otherwise a {@link LocalTestBroker local standalone} in its own JVM.</li>
 * </ol>
 * It is started on first use and stopped when the JVM exits.
 */
public final class SharedTestBroker {

	/** The Pulsar version of the client on the classpath and of the local broker. */
	public static final String PULSAR_VERSION = "4.2.4";

	private static final Log logger = LogFactory.getLog(SharedTestBroker.class);

	private SharedTestBroker() {
	}

	/**
	 * The shared broker, started on first call.
	 * @return the broker
	 */
	public static TestBroker get() {
		return Holder.BROKER;
	}

	private static TestBroker choose() {
		String serviceUrl = System.getenv("PULSAR_SERVICE_URL");
		if (serviceUrl != null && !serviceUrl.isBlank()) {
			String adminUrl = System.getenv("PULSAR_ADMIN_URL");
			if (adminUrl == null || adminUrl.isBlank()) {
				throw new IllegalStateException("PULSAR_SERVICE_URL is set, so PULSAR_ADMIN_URL must be set too");
			}
			logger.info("Tests use the external Pulsar at " + serviceUrl);
			return new ExternalBroker(serviceUrl, adminUrl);
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			// The image applies environment variables named like standalone.conf entries;
			// the same settings as local-pulsar's StandaloneConfiguration, for the
			// reasons
			// given there.
			PulsarContainer container = new PulsarContainer(
					DockerImageName.parse("apachepulsar/pulsar").withTag(PULSAR_VERSION))
				.withEnv("managedLedgerCacheSizeMB", "0")
				.withEnv("managedLedgerNewEntriesCheckDelayInMillis", "0");
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "pulsar-container-stop"));
			logger.info("Tests use a Testcontainers Pulsar at " + container.getPulsarBrokerUrl());
			return new ExternalBroker(container.getPulsarBrokerUrl(), container.getHttpServiceUrl());
		}
		try {
			LocalTestBroker local = LocalTestBroker.start();
			Runtime.getRuntime().addShutdownHook(new Thread(local::close, "local-pulsar-stop"));
			logger.info("No Docker: tests use a local Pulsar standalone at " + local.serviceUrl());
			return local;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start a local Pulsar for the tests", ex);
		}
	}

	private record ExternalBroker(String serviceUrl, String adminUrl) implements TestBroker {
	}

	// Lazy, thread-safe initialisation on first access.
	private static final class Holder {

		static final TestBroker BROKER = choose();

	}

}
