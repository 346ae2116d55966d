package io.pulsegate.ingress.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Checks a presented API key against the configured ones. Keys are compared by their
 * SHA-256 digests in constant time, so neither timing nor a heap dump of the comparison
 * gives a key away.
 */
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

	private final List<KnownKey> keys;

	ApiKeyAuthenticationProvider(List<SecurityProperties.ApiKey> apiKeys) {
		this.keys = apiKeys.stream().map((apiKey) -> new KnownKey(digest(apiKey.key()), apiKey.tenant())).toList();
	}

	@Override
	public ApiKeyAuthentication authenticate(Authentication authentication) {
		byte[] presented = digest(String.valueOf(authentication.getCredentials()));
		String tenant = null;
		for (KnownKey known : this.keys) {
			// No early exit: every key is compared, whichever matches.
			if (MessageDigest.isEqual(known.digest(), presented)) {
				tenant = known.tenant();
			}
		}
		if (tenant == null) {
			throw new BadCredentialsException("Unknown API key");
		}
		return ApiKeyAuthentication.of(tenant);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ApiKeyAuthentication.class.isAssignableFrom(authentication);
	}

	private static byte[] digest(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	private record KnownKey(byte[] digest, String tenant) {
	}

}
