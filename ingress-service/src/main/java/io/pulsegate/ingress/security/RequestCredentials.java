package io.pulsegate.ingress.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Tells, from a request's headers alone, whether it carries credentials the ingress
 * accepts: a known API key or, when a JWT decoder is configured, a bearer token it
 * decodes. For work that must not be spent on strangers before the security filters run,
 * such as waiting for a request's body.
 */
public final class RequestCredentials {

	private final ApiKeyAuthenticationProvider apiKeys;

	private final @Nullable JwtDecoder jwtDecoder;

	private final BearerTokenResolver bearerTokens = new DefaultBearerTokenResolver();

	RequestCredentials(List<SecurityProperties.ApiKey> apiKeys, @Nullable JwtDecoder jwtDecoder) {
		this.apiKeys = new ApiKeyAuthenticationProvider(apiKeys);
		this.jwtDecoder = jwtDecoder;
	}

	/**
	 * Whether the request's credentials would authenticate it.
	 * @param request the request, of which only the headers are read
	 * @return {@code true} for a known API key or a valid bearer token
	 */
	public boolean accepted(HttpServletRequest request) {
		String key = request.getHeader(SecurityConfiguration.API_KEY_HEADER);
		if (key != null) {
			return knownApiKey(key);
		}
		return this.jwtDecoder != null && validBearerToken(request, this.jwtDecoder);
	}

	private boolean knownApiKey(String key) {
		try {
			this.apiKeys.authenticate(ApiKeyAuthentication.presented(key));
			return true;
		}
		catch (AuthenticationException ex) {
			return false;
		}
	}

	private boolean validBearerToken(HttpServletRequest request, JwtDecoder decoder) {
		try {
			String token = this.bearerTokens.resolve(request);
			return token != null && decoder.decode(token) != null;
		}
		catch (AuthenticationException | JwtException ex) {
			// A malformed Authorization header, or a token that is forged, expired or
			// not yet valid.
			return false;
		}
	}

}
