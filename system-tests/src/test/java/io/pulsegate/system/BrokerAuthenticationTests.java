package io.pulsegate.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsegate.testsupport.SecuredTestBroker;
import io.pulsegate.testsupport.ServiceProcess;
import io.pulsegate.testsupport.SubscriptionBacklog;
import io.pulsegate.testsupport.TestCertificates;
import io.pulsegate.testsupport.TestDatabase;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.ClientBuilder;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.common.policies.data.AuthAction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The services against a broker that authenticates every client with a token and serves
 * TLS, as a production cluster does. The ingress trusts the broker's CA through
 * {@code pulsegate.pulsar.tls.trust-certificates}, the consumer through the JVM's trust
 * store (as the Kubernetes production overlay does); both present their own token. The
 * broker authorizes too, and each service's role has only the permissions the README
 * lists: the ingress may produce, the consumer consume and produce (dead letters), on
 * topics an operator created. The services run at INFO with the Pulsar client's
 * configuration dumps on and with the DEBUG logging an operator would turn on to
 * troubleshoot a broker connection, and none of their secrets may show in their logs or
 * their management answers.
 */
class BrokerAuthenticationTests {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private static final String TOPIC = "persistent://public/default/secured-" + UUID.randomUUID();

	private static final String SUBSCRIPTION = "secured";

	private static final String NAMESPACE = "public/default";

	private static final String INGRESS_ROLE = "ingress";

	private static final String CONSUMER_ROLE = "consumer";

	private static final String INGRESS = "secured-ingress";

	private static final String CONSUMER = "secured-consumer";

	private static final String API_KEY = "secured-api-key-" + UUID.randomUUID();

	private static final String ADMIN_PASSWORD = "secured-admin-password-" + UUID.randomUUID();

	/**
	 * Loggers an operator would raise to DEBUG to find out why a service cannot talk to
	 * the broker or the database, and the two that dump the Pulsar client's whole
	 * configuration at INFO (application.yml quietens them; here they speak).
	 */
	private static final Map<String, String> TROUBLESHOOTING_LOG_LEVELS = Map.of(
			"logging.level.org.apache.pulsar.client.impl.ProducerStatsRecorderImpl", "info",
			"logging.level.org.apache.pulsar.client.impl.ConsumerStatsRecorderImpl", "info",
			"logging.level.org.apache.pulsar", "debug", "logging.level.org.asynchttpclient", "debug",
			"logging.level.org.springframework.pulsar", "debug", "logging.level.org.springframework.boot.pulsar",
			"debug", "logging.level.org.springframework.security", "debug", "logging.level.org.springframework.web",
			"debug", "logging.level.com.zaxxer.hikari", "debug");

	private static final TestDatabase.Schema database = TestDatabase.newSchema("secured");

	private static SecuredTestBroker broker;

	private static String ingressToken;

	private static String consumerToken;

	private static String databasePassword;

	private static ServiceProcess ingress;

	private static ServiceProcess consumer;

	@BeforeAll
	static void startBrokerAndServices() throws Exception {
		broker = SecuredTestBroker.start();
		ingressToken = broker.createToken(INGRESS_ROLE);
		consumerToken = broker.createToken(CONSUMER_ROLE);
		// What an operator does for least privilege: creates the topics, and grants each
		// service's role what it does with them. Creating topics would take a tenant
		// admin.
		try (PulsarAdmin admin = broker.adminBuilder().build()) {
			admin.topics().createNonPartitionedTopic(TOPIC);
			admin.namespaces().grantPermissionOnNamespace(NAMESPACE, INGRESS_ROLE, EnumSet.of(AuthAction.produce));
			admin.namespaces()
				.grantPermissionOnNamespace(NAMESPACE, CONSUMER_ROLE,
						EnumSet.of(AuthAction.consume, AuthAction.produce));
		}
		// The embedded test server trusts loopback connections: any password will do, and
		// a distinctive one can be searched for in the logs.
		databasePassword = database.password().isEmpty() ? "secured-db-password-" + UUID.randomUUID()
				: database.password();
		TestCertificates certificates = broker.certificates();
		// Services append to their log files: only this run's lines may be searched.
		Files.deleteIfExists(Services.logs().resolve(CONSUMER + ".log"));
		Files.deleteIfExists(Services.logs().resolve(INGRESS + ".log"));

		Map<String, String> consumerSettings = new LinkedHashMap<>(Services.tokenAuthentication(consumerToken));
		consumerSettings.put("pulsegate.consumer.subscription", SUBSCRIPTION);
		consumerSettings.put("spring.datasource.password", databasePassword);
		consumerSettings.put("spring.security.user.password", ADMIN_PASSWORD);
		consumerSettings.putAll(TROUBLESHOOTING_LOG_LEVELS);
		consumer = Services.startConsumer(CONSUMER, broker, TOPIC, database, consumerSettings,
				List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
						"-Djavax.net.ssl.trustStore=" + certificates.trustStore(),
						"-Djavax.net.ssl.trustStoreType=PKCS12",
						"-Djavax.net.ssl.trustStorePassword=" + TestCertificates.TRUST_STORE_PASSWORD));

		ingress = Services.startIngress(INGRESS, broker, TOPIC, API_KEY, ingressSettings());

		consumer.awaitHealthy(START_TIMEOUT);
		ingress.awaitHealthy(START_TIMEOUT);
	}

	@AfterAll
	static void stopServicesAndBroker() {
		try {
			boolean ingressStoppedGracefully = (ingress == null) || ingress.stop();
			boolean consumerStoppedGracefully = (consumer == null) || consumer.stop();
			assertThat(ingressStoppedGracefully).as("ingress stopped on SIGTERM").isTrue();
			assertThat(consumerStoppedGracefully).as("consumer stopped on SIGTERM").isTrue();
		}
		finally {
			if (broker != null) {
				broker.close();
			}
		}
	}

	@Test
	void anEventGoesThroughTheIngressAndTheConsumerOverTlsWithTheirTokens() throws Exception {
		assertThat(broker.serviceUrl()).startsWith("pulsar+ssl://");
		assertThat(broker.adminUrl()).startsWith("https://");

		HttpResponse<String> response = postOrder("order-secured");

		assertThat(response.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			try (Connection connection = database.connect();
					ResultSet order = connection.createStatement()
						.executeQuery("SELECT status FROM orders WHERE order_id = 'order-secured'")) {
				assertThat(order.next()).as("order-secured projected").isTrue();
				assertThat(order.getString("status")).isEqualTo("PLACED");
			}
		});
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(SubscriptionBacklog.of(broker, TOPIC, SUBSCRIPTION)).isZero());
	}

	@Test
	void theConsumerDeadLettersAndDiscardsWithTheRightsItWasGranted() throws Exception {
		try (PulsarClient client = tlsClient().authentication(AuthenticationFactory.token(broker.superUserToken()))
			.build(); Producer<byte[]> producer = client.newProducer().topic(TOPIC).create()) {
			producer.newMessage().key("hostile").value("not an event".getBytes(StandardCharsets.UTF_8)).send();
		}

		JsonNode letter = await("a dead letter listed").atMost(Duration.ofSeconds(30)).until(() -> {
			JsonNode pending = json(consumerAdmin("GET", "/admin/dead-letters"));
			return pending.path("letters").size() == 1 ? pending.path("letters").get(0) : null;
		}, Objects::nonNull);
		assertThat(letter.path("key").asText()).isEqualTo("hostile");
		assertThat(letter.path("reason").asText()).isNotBlank();

		HttpResponse<String> discarded = consumerAdmin("DELETE", "/admin/dead-letters/" + letter.path("id").asText());
		assertThat(discarded.statusCode()).as(discarded.body()).isEqualTo(200);
		assertThat(json(consumerAdmin("GET", "/admin/dead-letters")).path("pending").asLong()).isZero();
	}

	@Test
	void anIngressWhoseTopicIsMissingAndThatMayNotCreateItStopsAtStartUpSayingSo() throws Exception {
		String missing = "persistent://public/default/not-created-" + UUID.randomUUID();
		Files.deleteIfExists(Services.logs().resolve("uncreated-topic-ingress.log"));
		try (ServiceProcess uncreated = Services.startIngress("uncreated-topic-ingress", broker, missing, API_KEY,
				ingressSettings())) {
			await().atMost(START_TIMEOUT).until(() -> !uncreated.isRunning());

			assertThat(Files.readString(uncreated.logFile(), StandardCharsets.UTF_8))
				.contains("The broker does not let the ingress's role create its topics [" + missing + "]")
				.contains("Unauthorized to validateNamespaceOperation for operation [CREATE_TOPIC]");
		}
	}

	@Test
	void theIngressRoleMayPublishButNotRead() throws Exception {
		try (PulsarClient client = tlsClient().authentication(AuthenticationFactory.token(ingressToken)).build()) {
			assertThatExceptionOfType(PulsarClientException.AuthorizationException.class)
				.isThrownBy(() -> client.newConsumer().topic(TOPIC).subscriptionName("eavesdropper").subscribe());
		}
	}

	@Test
	void unloadingAStalledTopicTakesMoreThanTheConsumersGrants() throws Exception {
		try (PulsarAdmin admin = PulsarAdmin.builder()
			.serviceHttpUrl(broker.adminUrl())
			.tlsTrustCertsFilePath(broker.certificates().authority().toString())
			.enableTlsHostnameVerification(true)
			.authentication(AuthenticationFactory.token(consumerToken))
			.build()) {
			assertThat(admin.topics().getStats(TOPIC).getSubscriptions()).containsKey(SUBSCRIPTION);
			assertThatExceptionOfType(PulsarAdminException.NotAuthorizedException.class)
				.isThrownBy(() -> admin.topics().unload(TOPIC));
		}
	}

	@Test
	void aRoleWithoutGrantsMayNeitherPublishNorRead() throws Exception {
		try (PulsarClient client = tlsClient()
			.authentication(AuthenticationFactory.token(broker.createToken("stranger")))
			.build()) {
			assertThatExceptionOfType(PulsarClientException.AuthorizationException.class)
				.isThrownBy(() -> client.newProducer().topic(TOPIC).create());
			assertThatExceptionOfType(PulsarClientException.AuthorizationException.class)
				.isThrownBy(() -> client.newConsumer().topic(TOPIC).subscriptionName("stranger").subscribe());
		}
	}

	@Test
	void theBrokerRefusesAClientWithoutAToken() throws Exception {
		try (PulsarClient client = tlsClient().build()) {
			assertThatExceptionOfType(PulsarClientException.AuthenticationException.class)
				.isThrownBy(() -> client.newProducer().topic(TOPIC).create());
		}
	}

	@Test
	void theBrokerRefusesATokenThatClaimsAnotherRoleWithoutItsSignature() throws Exception {
		try (PulsarClient client = tlsClient().authentication(AuthenticationFactory.token(forgedSuperUserToken()))
			.build()) {
			assertThatExceptionOfType(PulsarClientException.AuthenticationException.class)
				.isThrownBy(() -> client.newProducer().topic(TOPIC).create());
		}
	}

	@Test
	void theBrokersAdminApiRefusesARequestWithoutAToken() throws Exception {
		try (PulsarAdmin admin = PulsarAdmin.builder()
			.serviceHttpUrl(broker.adminUrl())
			.tlsTrustCertsFilePath(broker.certificates().authority().toString())
			.build()) {
			assertThatExceptionOfType(PulsarAdminException.NotAuthorizedException.class)
				.isThrownBy(() -> admin.topics().getList("public/default"));
		}
		HttpResponse<String> plain = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(broker.plainAdminUrl() + "/admin/v2/namespaces/public")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(plain.statusCode()).as("the plain-text admin port").isEqualTo(401);
	}

	@Test
	void noSecretShowsInTheServicesLogsOrManagementAnswers() throws Exception {
		assertThat(postOrder("order-logged").statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(SubscriptionBacklog.of(broker, TOPIC, SUBSCRIPTION)).isZero());
		List<String> secrets = List.of(ingressToken, signature(ingressToken), consumerToken, signature(consumerToken),
				broker.superUserToken(), API_KEY, databasePassword, ADMIN_PASSWORD);

		for (ServiceProcess service : List.of(ingress, consumer)) {
			String log = Files.readString(service.logFile(), StandardCharsets.UTF_8);
			// The dumps and the DEBUG output are there, so their absence of secrets means
			// something.
			assertThat(log).as(service.logFile().toString())
				.contains("Pulsar client config")
				.contains(broker.serviceUrl())
				.contains("DEBUG")
				// Pulsar masks the authentication parameters in its configuration dumps.
				.contains("\"authParams\":\"*****\"");
			assertThat(secrets).as("secrets in " + service.logFile()).noneMatch(log::contains);
			for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/prometheus")) {
				assertThat(secrets).as("secrets in " + path).noneMatch(service.get(path)::contains);
			}
		}
		for (String path : List.of("/actuator/env", "/actuator/configprops", "/actuator/heapdump")) {
			assertThat(status(ingress, path, Map.of("X-API-Key", API_KEY))).as("ingress " + path).isEqualTo(404);
			assertThat(status(consumer, path, Map.of("Authorization", basic("admin", ADMIN_PASSWORD))))
				.as("consumer " + path)
				.isEqualTo(404);
		}
	}

	private static Map<String, String> ingressSettings() {
		Map<String, String> settings = new LinkedHashMap<>(Services.tokenAuthentication(ingressToken));
		settings.put("pulsegate.pulsar.tls.trust-certificates", broker.certificates().authority().toString());
		settings.putAll(TROUBLESHOOTING_LOG_LEVELS);
		return settings;
	}

	private static ClientBuilder tlsClient() {
		return PulsarClient.builder()
			.serviceUrl(broker.serviceUrl())
			.tlsTrustCertsFilePath(broker.certificates().authority().toString())
			.enableTlsHostnameVerification(true)
			.operationTimeout(10, TimeUnit.SECONDS);
	}

	/** The super-user's header and claims, with the signature of another role's token. */
	private static String forgedSuperUserToken() {
		String superUser = broker.superUserToken();
		return superUser.substring(0, superUser.lastIndexOf('.') + 1) + signature(ingressToken);
	}

	private static String signature(String token) {
		return token.substring(token.lastIndexOf('.') + 1);
	}

	private static HttpResponse<String> postOrder(String orderId) throws IOException, InterruptedException {
		String body = """
				{"type": "order.placed", "data": {"orderId": "%s", "customerId": "c-1",
				 "lines": [{"sku": "BOOK-1", "quantity": 1, "unitPrice": 9.9}], "total": 9.9, "currency": "EUR"}}"""
			.formatted(orderId);
		HttpRequest request = HttpRequest.newBuilder(URI.create(ingress.url() + "/send"))
			.header("Content-Type", "application/json")
			.header("X-API-Key", API_KEY)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> consumerAdmin(String method, String path)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(consumer.url() + path))
			.header("Authorization", basic("admin", ADMIN_PASSWORD))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) throws IOException {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return new ObjectMapper().readTree(response.body());
	}

	private static int status(ServiceProcess service, String path, Map<String, String> headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url() + path));
		headers.forEach(request::header);
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
