package io.pulsegate.ingress.security;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * The tenant the current caller's credentials belong to: from its API key, or from a
 * claim of its bearer token.
 */
@Component
public class CallerTenant {

	private final String tenantClaim;

	CallerTenant(SecurityProperties properties) {
		this.tenantClaim = properties.tenantClaim();
	}

	/**
	 * The current caller's tenant.
	 * @return the tenant, or empty if the credentials name none
	 */
	public Optional<String> current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof ApiKeyAuthentication apiKey) {
			return Optional.ofNullable(apiKey.tenant());
		}
		if (authentication instanceof JwtAuthenticationToken jwt) {
			return Optional.ofNullable(jwt.getToken().getClaimAsString(this.tenantClaim));
		}
		return Optional.empty();
	}

}
