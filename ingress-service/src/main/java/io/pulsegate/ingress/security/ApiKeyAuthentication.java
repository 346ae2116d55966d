package io.pulsegate.ingress.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A caller identified by an API key: before authentication it holds the presented key,
 * after it the tenant the key belongs to.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

	private final @Nullable String key;

	private final @Nullable String tenant;

	private ApiKeyAuthentication(@Nullable String key, @Nullable String tenant) {
		super(List.of());
		this.key = key;
		this.tenant = tenant;
		setAuthenticated(tenant != null);
	}

	static ApiKeyAuthentication presented(String key) {
		return new ApiKeyAuthentication(key, null);
	}

	static ApiKeyAuthentication of(String tenant) {
		return new ApiKeyAuthentication(null, tenant);
	}

	@Override
	public @Nullable Object getCredentials() {
		return this.key;
	}

	@Override
	public Object getPrincipal() {
		return (this.tenant != null) ? this.tenant : "api-key";
	}

	@Nullable String tenant() {
		return this.tenant;
	}

	@Override
	public void eraseCredentials() {
		// Nothing to erase: an authenticated instance never holds the key.
	}

}
