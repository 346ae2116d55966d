package io.pulsegate.ingress.security;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Tells, from a request's headers alone, whether it carries credentials the ingress
 * accepts, a known API key or, when a JWT decoder is configured, a bearer token it
 * decodes, and the tenant they belong to. For work that must not be spent on strangers
 * before the security filters run, such as waiting for a request's body.
 */
public final class RequestCredentials {

	private final ApiKeyAuthenticationProvider apiKeys;

	private final @Nullable JwtDecoder jwtDecoder;

	private final String tenantClaim;

	private final BearerTokenResolver bearerTokens = new DefaultBearerTokenResolver();

	RequestCredentials(List<SecurityProperties.ApiKey> apiKeys, String tenantClaim, @Nullable JwtDecoder jwtDecoder) {
		this.apiKeys = new ApiKeyAuthenticationProvider(apiKeys);
		this.tenantClaim = tenantClaim;
		this.jwtDecoder = jwtDecoder;
	}

	/**
	 * The tenant of the request's credentials, if they would authenticate it.
	 * @param request the request, of which only the headers are read
	 * @return the tenant of a known API key or of a valid bearer token, empty for any
	 * other request
	 */
	public Optional<String> tenant(HttpServletRequest request) {
		String key = request.getHeader(SecurityConfiguration.API_KEY_HEADER);
		if (key != null) {
			return apiKeyTenant(key);
		}
		return (this.jwtDecoder != null) ? bearerTokenTenant(request, this.jwtDecoder) : Optional.empty();
	}

	private Optional<String> apiKeyTenant(String key) {
		try {
			return Optional.ofNullable(this.apiKeys.authenticate(ApiKeyAuthentication.presented(key)).tenant());
		}
		catch (AuthenticationException ex) {
			return Optional.empty();
		}
	}

	private Optional<String> bearerTokenTenant(HttpServletRequest request, JwtDecoder decoder) {
		try {
			String token = this.bearerTokens.resolve(request);
			return (token != null) ? Optional.ofNullable(decoder.decode(token).getClaimAsString(this.tenantClaim))
					: Optional.empty();
		}
		catch (AuthenticationException | JwtException ex) {
			// A malformed Authorization header, or a token that is forged, expired or
			// not yet valid.
			return Optional.empty();
		}
	}

}
