package io.pulsegate.ingress.security;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the ingress. Give keys through the environment or a secret store, never in
 * a committed file: {@code PULSEGATE_SECURITY_APIKEYS_0_KEY}, {@code ..._0_TENANT}.
 *
 * @param apiKeys accepted API keys, each belonging to one tenant
 * @param tenantClaim the JWT claim that names the caller's tenant
 */
@ConfigurationProperties("pulsegate.security")
@Validated
public record SecurityProperties(@DefaultValue List<@Valid ApiKey> apiKeys,
		@DefaultValue("tenant") @NotBlank String tenantClaim) {

	/**
	 * An API key and the tenant it belongs to.
	 *
	 * @param key the secret, at least 16 characters
	 * @param tenant the tenant, which is the Pulsar tenant of the topics it may publish
	 * to
	 */
	public record ApiKey(String key, @NotBlank String tenant) {

		private static final int MIN_KEY_LENGTH = 16;

		public ApiKey {
			// Checked here, not by a constraint: Spring Boot's report of a failed
			// constraint prints the value, which is the secret.
			if (key == null || key.strip().length() < MIN_KEY_LENGTH) {
				throw new IllegalArgumentException("The API key of tenant '" + tenant + "' is shorter than "
						+ MIN_KEY_LENGTH + " characters (the key itself is not shown)");
			}
		}

		@Override
		public String toString() {
			return "ApiKey[tenant=" + this.tenant + ", key=****]";
		}

	}

}
