package io.pulsegate.system;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pulsegate.testsupport.ServiceProcess;
import io.pulsegate.testsupport.TestBroker;
import io.pulsegate.testsupport.TestDatabase;

/**
 * Starts the ingress and the consumer from their executable jars with what every system
 * test gives them: the broker, the topic, and the consumer's database or the ingress's
 * API key. Each test passes its own further settings.
 */
public final class Services {

	private Services() {
	}

	/**
	 * Starts a consumer of a topic that projects into a database schema.
	 * @param name a name for messages and the log file
	 * @param broker the broker
	 * @param topic the topic it consumes
	 * @param database its schema
	 * @param settings the test's own properties
	 * @return the started process; call {@link ServiceProcess#awaitHealthy} before use
	 * @throws IOException if it cannot be started
	 */
	public static ServiceProcess startConsumer(String name, TestBroker broker, String topic,
			TestDatabase.Schema database, Map<String, String> settings) throws IOException {
		return ServiceProcess.start(name, jar("consumer"), consumerProperties(broker, topic, database, settings),
				logs());
	}

	/**
	 * Starts a consumer in a JVM with options of the test's choosing.
	 * @param name a name for messages and the log file
	 * @param broker the broker
	 * @param topic the topic it consumes
	 * @param database its schema
	 * @param settings the test's own properties
	 * @param jvmOptions options of the consumer's JVM
	 * @return the started process; call {@link ServiceProcess#awaitHealthy} before use
	 * @throws IOException if it cannot be started
	 */
	public static ServiceProcess startConsumer(String name, TestBroker broker, String topic,
			TestDatabase.Schema database, Map<String, String> settings, List<String> jvmOptions) throws IOException {
		return ServiceProcess.start(name, jar("consumer"), jvmOptions,
				consumerProperties(broker, topic, database, settings), logs());
	}

	private static Map<String, String> consumerProperties(TestBroker broker, String topic, TestDatabase.Schema database,
			Map<String, String> settings) {
		Map<String, String> properties = brokerProperties(broker);
		properties.put("pulsegate.consumer.topic", topic);
		properties.put("spring.datasource.url", database.jdbcUrl());
		properties.put("spring.datasource.username", database.username());
		properties.put("spring.datasource.password", database.password());
		properties.putAll(settings);
		return properties;
	}

	/**
	 * Starts an ingress that routes {@code order.placed} events to a topic and accepts
	 * one API key, of tenant {@code public}.
	 * @param name a name for messages and the log file
	 * @param broker the broker
	 * @param topic the topic of its route
	 * @param apiKey the key it accepts
	 * @param settings the test's own properties
	 * @return the started process; call {@link ServiceProcess#awaitHealthy} before use
	 * @throws IOException if it cannot be started
	 */
	public static ServiceProcess startIngress(String name, TestBroker broker, String topic, String apiKey,
			Map<String, String> settings) throws IOException {
		Map<String, String> properties = brokerProperties(broker);
		properties.put("pulsegate.ingress.routes[0].topic", topic);
		properties.put("pulsegate.ingress.routes[0].types[0]", "order.placed");
		properties.put("pulsegate.security.api-keys[0].key", apiKey);
		properties.put("pulsegate.security.api-keys[0].tenant", "public");
		properties.putAll(settings);
		return ServiceProcess.start(name, jar("ingress"), properties, logs());
	}

	/**
	 * Settings that have both of a service's Pulsar clients present a token.
	 * @param token the token
	 * @return the settings
	 */
	public static Map<String, String> tokenAuthentication(String token) {
		String plugin = "org.apache.pulsar.client.impl.auth.AuthenticationToken";
		return Map.of("spring.pulsar.client.authentication.plugin-class-name", plugin,
				"spring.pulsar.client.authentication.param.token", token,
				"spring.pulsar.admin.authentication.plugin-class-name", plugin,
				"spring.pulsar.admin.authentication.param.token", token);
	}

	private static Map<String, String> brokerProperties(TestBroker broker) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.pulsar.client.service-url", broker.serviceUrl());
		properties.put("spring.pulsar.admin.service-url", broker.adminUrl());
		return properties;
	}

	private static Path jar(String service) {
		return Path.of(System.getProperty("pulsegate." + service + ".jar"));
	}

	/**
	 * Where the services and other processes the tests start write their output.
	 * @return the folder
	 */
	public static Path logs() {
		return Path.of(System.getProperty("pulsegate.logs"));
	}

}
