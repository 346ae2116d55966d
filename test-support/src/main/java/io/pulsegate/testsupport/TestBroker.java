package io.pulsegate.testsupport;

import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminBuilder;
import org.apache.pulsar.client.api.ClientBuilder;
import org.apache.pulsar.client.api.PulsarClient;

/**
 * A real Pulsar broker that tests talk to.
 */
public interface TestBroker {

	/**
	 * The binary protocol URL, such as {@code pulsar://127.0.0.1:6650}.
	 * @return the service URL
	 */
	String serviceUrl();

	/**
	 * The admin (web service) URL, such as {@code http://127.0.0.1:8080}.
	 * @return the admin URL
	 */
	String adminUrl();

	/**
	 * A client builder for this broker, with whatever credentials and trust it requires.
	 * @return the builder
	 */
	default ClientBuilder clientBuilder() {
		return PulsarClient.builder().serviceUrl(serviceUrl());
	}

	/**
	 * An admin client builder for this broker, with whatever credentials and trust it
	 * requires.
	 * @return the builder
	 */
	default PulsarAdminBuilder adminBuilder() {
		return PulsarAdmin.builder().serviceHttpUrl(adminUrl());
	}

}
