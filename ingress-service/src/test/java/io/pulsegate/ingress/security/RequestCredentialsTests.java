package io.pulsegate.ingress.security;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests {@link RequestCredentials} takes for callers, and of which tenant,
 * against a real JWT decoder and tokens signed for the test.
 */
class RequestCredentialsTests {

	private static final String KEY = "public-tenant-test-key";

	private static RSAKey signingKey;

	private static RSAKey strangersKey;

	private static RequestCredentials credentials;

	@BeforeAll
	static void keys() throws JOSEException {
		signingKey = new RSAKeyGenerator(2048).keyID("ours").generate();
		strangersKey = new RSAKeyGenerator(2048).keyID("ours").generate();
		credentials = new RequestCredentials(List.of(new SecurityProperties.ApiKey(KEY, "public")), "tenant",
				NimbusJwtDecoder.withPublicKey(signingKey.toRSAPublicKey()).build());
	}

	@Test
	void aKnownApiKeyIsAcceptedAsItsTenant() {
		assertThat(credentials.tenant(request("X-API-Key", KEY))).contains("public");
	}

	@Test
	void anUnknownApiKeyIsNot() {
		assertThat(credentials.tenant(request("X-API-Key", KEY + "-but-not-quite"))).isEmpty();
	}

	@Test
	void aRequestWithoutCredentialsIsNot() {
		assertThat(credentials.tenant(new MockHttpServletRequest("POST", "/send"))).isEmpty();
	}

	@Test
	void aBearerTokenSignedWithTheConfiguredKeyIsAcceptedAsTheTenantInItsClaim() throws JOSEException {
		assertThat(credentials.tenant(request("Authorization", "Bearer " + token(signingKey, 600)))).contains("public");
	}

	@Test
	void aBearerTokenSignedWithAnotherKeyIsNot() throws JOSEException {
		assertThat(credentials.tenant(request("Authorization", "Bearer " + token(strangersKey, 600)))).isEmpty();
	}

	@Test
	void anExpiredBearerTokenIsNot() throws JOSEException {
		assertThat(credentials.tenant(request("Authorization", "Bearer " + token(signingKey, -600)))).isEmpty();
	}

	@Test
	void aMalformedAuthorizationHeaderIsNot() {
		assertThat(credentials.tenant(request("Authorization", "Bearer not a token"))).isEmpty();
		assertThat(credentials.tenant(request("Authorization", "Bearer a.b.c"))).isEmpty();
	}

	@Test
	void aBearerTokenThatNamesNoTenantIsNot() throws JOSEException {
		assertThat(credentials.tenant(request("Authorization", "Bearer " + token(signingKey, 600, null)))).isEmpty();
	}

	@Test
	void withoutAJwtDecoderABearerTokenIsNot() throws JOSEException {
		RequestCredentials apiKeysOnly = new RequestCredentials(List.of(new SecurityProperties.ApiKey(KEY, "public")),
				"tenant", null);

		assertThat(apiKeysOnly.tenant(request("Authorization", "Bearer " + token(signingKey, 600)))).isEmpty();
		assertThat(apiKeysOnly.tenant(request("X-API-Key", KEY))).contains("public");
	}

	private static MockHttpServletRequest request(String header, String value) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/send");
		request.addHeader(header, value);
		return request;
	}

	private static String token(RSAKey key, long validSeconds) throws JOSEException {
		return token(key, validSeconds, "public");
	}

	private static String token(RSAKey key, long validSeconds, @Nullable String tenant) throws JOSEException {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("client-1")
			.claim("tenant", tenant)
			.issueTime(Date.from(Instant.now().minusSeconds(1200)))
			.expirationTime(Date.from(Instant.now().plusSeconds(validSeconds)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

}
