package io.pulsegate.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.pulsegate.localpulsar.LocalPulsar;
import io.pulsegate.localpulsar.LocalPulsarSettings;
import io.pulsegate.localpulsar.PulsarTokens;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminBuilder;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.ClientBuilder;
import org.apache.pulsar.client.api.PulsarClient;

/**
 * A throwaway local Pulsar standalone secured as a production cluster is: every client
 * must present a token (a JWT signed with the broker's secret key), and the broker serves
 * TLS with a certificate of a test CA. Its {@link #serviceUrl()} and {@link #adminUrl()}
 * are the TLS ones ({@code pulsar+ssl://}, {@code https://}); the plain ports stay open
 * beside them, with the same authentication, for the broker's own internal clients.
 * Authorization is on: a role other than the {@link #SUPER_USER} may do only what it was
 * granted.
 */
public final class SecuredTestBroker implements TestBroker, AutoCloseable {

	/**
	 * The role of the {@link #superUserToken()}, used by the broker itself and by tests.
	 */
	public static final String SUPER_USER = "admin";

	private final LocalPulsar pulsar;

	private final Path directory;

	private final Path secretKey;

	private final String superUserToken;

	private final TestCertificates certificates;

	private final int tlsBrokerPort;

	private final int tlsWebPort;

	private SecuredTestBroker(LocalPulsar pulsar, Path directory, Path secretKey, String superUserToken,
			TestCertificates certificates, int tlsBrokerPort, int tlsWebPort) {
		this.pulsar = pulsar;
		this.directory = directory;
		this.secretKey = secretKey;
		this.superUserToken = superUserToken;
		this.certificates = certificates;
		this.tlsBrokerPort = tlsBrokerPort;
		this.tlsWebPort = tlsWebPort;
	}

	/**
	 * Generates a secret key, a super-user token and certificates for the loopback
	 * address, then starts a broker on free ports with empty storage.
	 * @return the running broker
	 * @throws IOException if it cannot be started
	 */
	public static SecuredTestBroker start() throws IOException {
		return start(TestCertificates::generate);
	}

	/**
	 * Starts a broker as {@link #start()} does, whose certificate, signed by the CA its
	 * clients trust, names another host: an impostor to clients that check the name.
	 * @param hostName the only name in the broker's certificate
	 * @return the running broker
	 * @throws IOException if it cannot be started
	 */
	public static SecuredTestBroker startWithCertificateFor(String hostName) throws IOException {
		return start((security) -> TestCertificates.generateFor(security, hostName));
	}

	private static SecuredTestBroker start(Function<Path, TestCertificates> certificateAuthority) throws IOException {
		Path directory = Files.createTempDirectory("pulsegate-test-secured-pulsar-");
		Path security = Files.createDirectories(directory.resolve("security"));
		Path secretKey = PulsarTokens.createSecretKey(security.resolve("secret.key"));
		String superUserToken = PulsarTokens.createToken(secretKey, SUPER_USER);
		// By file, so that the token is in neither standalone.conf nor the broker's log.
		Path superUserTokenFile = Files.writeString(security.resolve(SUPER_USER + ".token"), superUserToken,
				StandardCharsets.US_ASCII);
		TestCertificates certificates = certificateAuthority.apply(security);
		int[] ports = LocalTestBroker.freePorts(5);
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("authenticationEnabled", "true");
		properties.put("authenticationProviders",
				"org.apache.pulsar.broker.authentication.AuthenticationProviderToken");
		properties.put("tokenSecretKey", secretKey.toUri().toString());
		properties.put("superUserRoles", SUPER_USER);
		properties.put("authorizationEnabled", "true");
		// The broker's own clients (the standalone creates public/default through one).
		properties.put("brokerClientAuthenticationPlugin", "org.apache.pulsar.client.impl.auth.AuthenticationToken");
		properties.put("brokerClientAuthenticationParameters", superUserTokenFile.toUri().toString());
		properties.put("brokerServicePortTls", Integer.toString(ports[3]));
		properties.put("webServicePortTls", Integer.toString(ports[4]));
		properties.put("tlsCertificateFilePath", certificates.certificate().toString());
		properties.put("tlsKeyFilePath", certificates.privateKey().toString());
		properties.put("tlsTrustCertsFilePath", certificates.authority().toString());
		LocalPulsarSettings settings = LocalPulsarSettings.defaults(directory.resolve("pulsar"))
			.withPorts(ports[0], ports[1], ports[2])
			.withWipeData(true)
			.withBrokerProperties(properties)
			.withAdminToken(superUserToken);
		LocalPulsar pulsar = LocalPulsar.start(settings);
		return new SecuredTestBroker(pulsar, directory, secretKey, superUserToken, certificates, ports[3], ports[4]);
	}

	/**
	 * The binary protocol URL over TLS.
	 * @return such as {@code pulsar+ssl://127.0.0.1:6651}
	 */
	@Override
	public String serviceUrl() {
		return "pulsar+ssl://127.0.0.1:" + this.tlsBrokerPort;
	}

	/**
	 * The admin URL over TLS.
	 * @return such as {@code https://127.0.0.1:8443}
	 */
	@Override
	public String adminUrl() {
		return "https://127.0.0.1:" + this.tlsWebPort;
	}

	/**
	 * The plain-text binary protocol URL; it requires a token too.
	 * @return such as {@code pulsar://127.0.0.1:6650}
	 */
	public String plainServiceUrl() {
		return this.pulsar.serviceUrl();
	}

	/**
	 * The plain-text admin URL; it requires a token too.
	 * @return such as {@code http://127.0.0.1:8080}
	 */
	public String plainAdminUrl() {
		return this.pulsar.adminUrl();
	}

	/**
	 * The CA that signed the broker's certificate, and the CA in a trust store.
	 * @return the certificate files
	 */
	public TestCertificates certificates() {
		return this.certificates;
	}

	/**
	 * A token of the {@value #SUPER_USER} role.
	 * @return the token
	 */
	public String superUserToken() {
		return this.superUserToken;
	}

	/**
	 * Signs a new token with the broker's secret key.
	 * @param role the role it authenticates as
	 * @return the token
	 */
	public String createToken(String role) {
		return PulsarTokens.createToken(this.secretKey, role);
	}

	/** A client over TLS that trusts the test CA and presents the super-user token. */
	@Override
	public ClientBuilder clientBuilder() {
		return PulsarClient.builder()
			.serviceUrl(serviceUrl())
			.tlsTrustCertsFilePath(this.certificates.authority().toString())
			.enableTlsHostnameVerification(true)
			.authentication(AuthenticationFactory.token(this.superUserToken));
	}

	/**
	 * An admin client over TLS that trusts the test CA and presents the super-user token.
	 */
	@Override
	public PulsarAdminBuilder adminBuilder() {
		return PulsarAdmin.builder()
			.serviceHttpUrl(adminUrl())
			.tlsTrustCertsFilePath(this.certificates.authority().toString())
			.enableTlsHostnameVerification(true)
			.authentication(AuthenticationFactory.token(this.superUserToken));
	}

	@Override
	public void close() {
		this.pulsar.close();
		Directories.deleteRecursively(this.directory);
	}

}
