package io.pulsegate.ingress.security;

import java.time.Instant;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;

/**
 * Every request needs credentials, an API key or, when a JWT decoder is configured
 * ({@code spring.security.oauth2.resourceserver.jwt.*}), a bearer token. Open are health
 * and metrics, for probes and Prometheus, and the API's documentation.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String API_KEY_HEADER = "X-API-Key";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, SecurityProperties properties, JsonMapper jsonMapper,
			ObjectProvider<JwtDecoder> jwtDecoder) throws Exception {
		ProblemResponses problems = new ProblemResponses(jsonMapper);
		AuthenticationFilter apiKeys = new AuthenticationFilter(
				new ProviderManager(new ApiKeyAuthenticationProvider(properties.apiKeys())),
				SecurityConfiguration::presentedApiKey);
		apiKeys.setFailureHandler(new AuthenticationEntryPointFailureHandler(problems));
		apiKeys.setSuccessHandler((request, response, authentication) -> {
		});
		// Leaves out the filters a stateless API without sessions or logins never uses,
		// which every request would pass through. An anonymous caller of a protected
		// endpoint is still answered 401, by the entry point.
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.logout((logout) -> logout.disable())
			.anonymous((anonymous) -> anonymous.disable())
			.servletApi((servletApi) -> servletApi.disable())
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/openapi.yaml",
						"/schemas/*.schema.json")
				.permitAll()
				.anyRequest()
				.authenticated())
			.addFilterBefore(apiKeys, BearerTokenAuthenticationFilter.class)
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		if (jwtDecoder.getIfAvailable() != null) {
			http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems));
		}
		return http.build();
	}

	/**
	 * Spring Security takes a token without an expiry as valid forever; this ingress does
	 * not. Spring Boot adds the bean to the validators of the JWT decoder it configures,
	 * beside the signature, time and, where configured, issuer and audience checks.
	 * @return the validator
	 */
	@Bean
	OAuth2TokenValidator<Jwt> expiryRequired() {
		return new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull);
	}

	@Bean
	RequestCredentials requestCredentials(SecurityProperties properties, ObjectProvider<JwtDecoder> jwtDecoder) {
		return new RequestCredentials(properties.apiKeys(), properties.tenantClaim(), jwtDecoder.getIfAvailable());
	}

	@Bean
	WebSecurityCustomizer firewallRejections(JsonMapper jsonMapper) {
		return (web) -> web.requestRejectedHandler(new ProblemResponses(jsonMapper));
	}

	/**
	 * No observation of each security filter, and no wrapping of the filter chain for it:
	 * requests are observed as a whole (http.server.requests), and the wrapping alone
	 * cost about 2% of the ingress's CPU at its peak.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	private static ApiKeyAuthentication presentedApiKey(HttpServletRequest request) {
		String key = request.getHeader(API_KEY_HEADER);
		return (key != null) ? ApiKeyAuthentication.presented(key) : null;
	}

}
