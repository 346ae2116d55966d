package io.pulsegate.testsupport;

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

}
