package io.pulsegate.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.pulsegate.testsupport.SecuredTestBroker;
import io.pulsegate.testsupport.ServiceProcess;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.common.policies.data.AuthAction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ingress, with its TLS settings as shipped, against a broker that serves a
 * certificate signed by the very CA the ingress trusts but made out to another host: what
 * a man in the middle holding any valid certificate would present. The ingress must not
 * talk to it; told not to check the name, the same ingress does, so it is the name that
 * was refused.
 */
class BrokerImpostorTests {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private static final String ANOTHER_HOST = "broker.elsewhere.invalid";

	private static final String INGRESS_ROLE = "ingress";

	private static SecuredTestBroker impostor;

	@BeforeAll
	static void startImpostor() throws Exception {
		impostor = SecuredTestBroker.startWithCertificateFor(ANOTHER_HOST);
		try (PulsarAdmin admin = plainAdmin()) {
			admin.namespaces()
				.grantPermissionOnNamespace("public/default", INGRESS_ROLE, EnumSet.of(AuthAction.produce));
		}
	}

	/**
	 * The super-user's admin client on the plain port, whose host name is not checked.
	 */
	private static PulsarAdmin plainAdmin() throws PulsarClientException {
		return PulsarAdmin.builder()
			.serviceHttpUrl(impostor.plainAdminUrl())
			.authentication(AuthenticationFactory.token(impostor.superUserToken()))
			.build();
	}

	@AfterAll
	static void stopImpostor() {
		if (impostor != null) {
			impostor.close();
		}
	}

	@Test
	void theIngressRefusesABrokerWhoseCertificateNamesAnotherHost() throws Exception {
		String topic = newTopic();
		try (ServiceProcess ingress = startIngress("impostor-ingress", topic, Map.of())) {
			await().atMost(START_TIMEOUT).until(() -> !ingress.isRunning());

			String log = Files.readString(ingress.logFile(), StandardCharsets.UTF_8);
			assertThat(log).contains("No subject alternative DNS name matching").contains(ANOTHER_HOST);
		}
		try (PulsarAdmin admin = plainAdmin()) {
			assertThat(admin.topics().getStats(topic).getPublishers()).as("publishers").isEmpty();
		}
	}

	@Test
	void theSameIngressNotCheckingTheNameTalksToIt() throws Exception {
		try (ServiceProcess ingress = startIngress("unchecking-ingress", newTopic(),
				Map.of("pulsegate.pulsar.tls.hostname-verification", "false"))) {
			ingress.awaitHealthy(START_TIMEOUT);
		}
	}

	/**
	 * A topic created beforehand, as for least privilege: the ingress may only publish.
	 */
	private static String newTopic() throws PulsarClientException, PulsarAdminException {
		String topic = "persistent://public/default/impostor-" + UUID.randomUUID();
		try (PulsarAdmin admin = plainAdmin()) {
			admin.topics().createNonPartitionedTopic(topic);
		}
		return topic;
	}

	private static ServiceProcess startIngress(String name, String topic, Map<String, String> extra) throws Exception {
		Files.deleteIfExists(Services.logs().resolve(name + ".log"));
		Map<String, String> settings = new LinkedHashMap<>(
				Services.tokenAuthentication(impostor.createToken(INGRESS_ROLE)));
		settings.put("pulsegate.pulsar.tls.trust-certificates", impostor.certificates().authority().toString());
		settings.putAll(extra);
		return Services.startIngress(name, impostor, topic, "impostor-api-key", settings);
	}

}
