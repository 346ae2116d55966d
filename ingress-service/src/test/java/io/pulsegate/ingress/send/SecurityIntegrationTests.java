package io.pulsegate.ingress.send;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.TopicContents;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.common.policies.data.TenantInfo;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials and tenants against a real broker: API keys and JWT bearer tokens, each
 * belonging to one tenant, whose events go only to that tenant's Pulsar topics.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "resilience4j.ratelimiter.instances.tenant-limited.limit-for-period=2",
				"resilience4j.ratelimiter.instances.tenant-limited.limit-refresh-period=1h",
				"resilience4j.ratelimiter.instances.tenant-limited.timeout-duration=0" })
@Import(SharedBrokerConfiguration.class)
class SecurityIntegrationTests {

	private static final String RUN = UUID.randomUUID().toString();

	private static final String AUDIENCE = "pulsegate-ingress";

	private static final String PUBLIC_TOPIC = "persistent://public/default/security-" + RUN;

	private static final String ACME_TOPIC = "persistent://acme/shop/security-" + RUN;

	private static final HttpClient http = HttpClient.newHttpClient();

	private static RSAKey signingKey;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void tenantsAndTokens(DynamicPropertyRegistry registry) throws Exception {
		createPulsarTenant("acme", "acme/shop");
		signingKey = new RSAKeyGenerator(2048).keyID("test").generate();
		Path publicKey = Files.createTempFile("jwt-", ".pub");
		Files.writeString(publicKey,
				"-----BEGIN PUBLIC KEY-----\n"
						+ Base64.getMimeEncoder().encodeToString(signingKey.toRSAPublicKey().getEncoded())
						+ "\n-----END PUBLIC KEY-----\n");
		publicKey.toFile().deleteOnExit();
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + publicKey);
		registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> AUDIENCE);
		registry.add("pulsegate.ingress.routes[0].topic", () -> PUBLIC_TOPIC);
		registry.add("pulsegate.ingress.routes[0].types[0]", () -> "order.placed");
		registry.add("pulsegate.ingress.routes[0].types[1]", () -> "order.paid");
		registry.add("pulsegate.ingress.routes[1].topic", () -> ACME_TOPIC);
		registry.add("pulsegate.ingress.routes[1].types[0]", () -> "order.placed");
	}

	@Test
	void withoutCredentialsTheAnswerIs401WithAChallenge() throws Exception {
		HttpResponse<String> response = send(Map.of(), OrderJson.placed("sec-1"));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).contains("X-API-Key").contains("Bearer"));
		assertThat(HttpJson.body(response).get("type").asString()).isEqualTo("urn:pulsegate:problem:unauthenticated");
	}

	@Test
	void anUnknownApiKeyIs401() throws Exception {
		assertThat(send(Map.of("X-API-Key", "not-a-key-anyone-knows"), OrderJson.placed("sec-2")).statusCode())
			.isEqualTo(401);
	}

	@Test
	void aTenantPublishesToItsOwnTopicsOnly() throws Exception {
		HttpResponse<String> acme = send(Map.of("X-API-Key", HttpJson.ACME_KEY),
				withId(OrderJson.placed("sec-3"), "acme-event"));
		HttpResponse<String> forbidden = send(Map.of("X-API-Key", HttpJson.ACME_KEY),
				withId(OrderJson.paid("sec-3"), "acme-paid"));
		HttpResponse<String> ours = send(Map.of("X-API-Key", HttpJson.PUBLIC_KEY),
				withId(OrderJson.placed("sec-3"), "public-event"));

		assertThat(acme.statusCode()).isEqualTo(202);
		assertThat(HttpJson.body(acme).get("topic").asString()).isEqualTo(ACME_TOPIC);
		assertThat(forbidden.statusCode()).isEqualTo(403);
		assertThat(HttpJson.body(forbidden).get("type").asString()).isEqualTo("urn:pulsegate:problem:forbidden");
		assertThat(ours.statusCode()).isEqualTo(202);
		assertThat(idsOn(ACME_TOPIC)).contains("acme-event").doesNotContain("public-event", "acme-paid");
		assertThat(idsOn(PUBLIC_TOPIC)).contains("public-event").doesNotContain("acme-event", "acme-paid");
	}

	@Test
	void aBearerTokenActsForTheTenantInItsClaim() throws Exception {
		HttpResponse<String> response = send(Map.of("Authorization", "Bearer " + token(signingKey, "acme", 300)),
				withId(OrderJson.placed("sec-4"), "jwt-event"));

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(idsOn(ACME_TOPIC)).contains("jwt-event");
	}

	@Test
	void anExpiredOrForeignTokenIs401() throws Exception {
		RSAKey foreignKey = new RSAKeyGenerator(2048).keyID("test").generate();

		assertThat(send(Map.of("Authorization", "Bearer " + token(signingKey, "acme", -300)), OrderJson.placed("sec-5"))
			.statusCode()).isEqualTo(401);
		assertThat(send(Map.of("Authorization", "Bearer " + token(foreignKey, "acme", 300)), OrderJson.placed("sec-5"))
			.statusCode()).isEqualTo(401);
	}

	@Test
	void aTokenForAnotherAudienceOrWithoutAnExpiryIs401() throws Exception {
		assertThat(send(Map.of("Authorization", "Bearer " + token(signingKey, "acme", "another-api", 300L)),
				withId(OrderJson.placed("sec-7"), "other-audience"))
			.statusCode()).isEqualTo(401);
		assertThat(send(Map.of("Authorization", "Bearer " + token(signingKey, "acme", AUDIENCE, null)),
				withId(OrderJson.placed("sec-7"), "no-expiry"))
			.statusCode()).isEqualTo(401);
		assertThat(idsOn(ACME_TOPIC)).doesNotContain("other-audience", "no-expiry");
	}

	@Test
	void aTokenNamingNoTenantIs403() throws Exception {
		assertThat(send(Map.of("Authorization", "Bearer " + token(signingKey, null, 300)), OrderJson.placed("sec-6"))
			.statusCode()).isEqualTo(403);
	}

	@Test
	void overItsRateATenantGets429WithRetryAfter() throws Exception {
		Map<String, String> limited = Map.of("X-API-Key", "limited-tenant-test-key");
		send(limited, OrderJson.placed("sec-7"));
		send(limited, OrderJson.placed("sec-7"));

		HttpResponse<String> response = send(limited, OrderJson.placed("sec-7"));

		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("3600");
		assertThat(HttpJson.body(response).get("type").asString()).isEqualTo("urn:pulsegate:problem:rate-limited");
	}

	@Test
	void onlyHealthAndMetricsAreOpenAndNoOtherManagementEndpointIsExposed() throws Exception {
		assertThat(get("/actuator/health", Map.of()).statusCode()).isEqualTo(200);
		assertThat(get("/actuator/prometheus", Map.of()).statusCode()).isEqualTo(200);
		for (String endpoint : new String[] { "/actuator/env", "/actuator/beans", "/actuator/configprops",
				"/actuator/heapdump" }) {
			assertThat(get(endpoint, Map.of()).statusCode()).as(endpoint).isEqualTo(401);
			assertThat(get(endpoint, Map.of("X-API-Key", HttpJson.PUBLIC_KEY)).statusCode()).as(endpoint)
				.isEqualTo(404);
		}
	}

	private HttpResponse<String> send(Map<String, String> headers, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("/send")))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(request::header);
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
		headers.forEach(request::header);
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static String withId(String event, String id) {
		return event.replaceFirst("\\{", "{\"id\": \"" + id + "\", ");
	}

	private static List<String> idsOn(String topic) {
		return TopicContents.readAll(SharedTestBroker.get(), topic)
			.stream()
			.map((message) -> message.getProperty("ce_id"))
			.toList();
	}

	private static String token(RSAKey key, String tenant, long validSeconds) throws JOSEException {
		return token(key, tenant, AUDIENCE, validSeconds);
	}

	private static String token(RSAKey key, String tenant, String audience, Long validSeconds) throws JOSEException {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("client-1")
			.audience(audience)
			.issueTime(Date.from(Instant.now().minusSeconds(600)));
		if (validSeconds != null) {
			claims.expirationTime(Date.from(Instant.now().plusSeconds(validSeconds)));
		}
		if (tenant != null) {
			claims.claim("tenant", tenant);
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				claims.build());
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private static void createPulsarTenant(String tenant, String namespace) throws Exception {
		try (PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(SharedTestBroker.get().adminUrl()).build()) {
			try {
				admin.tenants()
					.createTenant(tenant,
							TenantInfo.builder().allowedClusters(Set.copyOf(admin.clusters().getClusters())).build());
			}
			catch (PulsarAdminException.ConflictException ex) {
				// Created by an earlier run against the same broker.
			}
			try {
				admin.namespaces().createNamespace(namespace);
			}
			catch (PulsarAdminException.ConflictException ex) {
				// Created by an earlier run against the same broker.
			}
		}
	}

}
