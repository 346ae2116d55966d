package io.pulsegate.consumer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.TestDatabaseConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only health and metrics are open; every other management endpoint needs credentials,
 * and none beyond those two is exposed even to the admin.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pulsegate.consumer.topic=persistent://public/default/management-it",
				"pulsegate.consumer.subscription=management-it",
				"pulsegate.consumer.audit-subscription=audit-management-it",
				"spring.security.user.password=" + ManagementEndpointsIntegrationTests.PASSWORD })
@Import({ SharedBrokerConfiguration.class, TestDatabaseConfiguration.class })
class ManagementEndpointsIntegrationTests {

	static final String PASSWORD = "management-admin-password";

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void healthAndMetricsAreOpen() throws Exception {
		assertThat(status("/actuator/health", Map.of())).isEqualTo(200);
		assertThat(status("/actuator/health/liveness", Map.of())).isEqualTo(200);
		assertThat(status("/actuator/prometheus", Map.of())).isEqualTo(200);
	}

	@Test
	void noOtherManagementEndpointIsReachableWithoutCredentialsOrExposedWithThem() throws Exception {
		for (String endpoint : new String[] { "/actuator/env", "/actuator/beans", "/actuator/configprops",
				"/actuator/heapdump", "/actuator/loggers", "/actuator/threaddump" }) {
			assertThat(status(endpoint, Map.of())).as(endpoint).isEqualTo(401);
			assertThat(status(endpoint, Map.of("Authorization", basic("admin", "wrong-password")))).as(endpoint)
				.isEqualTo(401);
			assertThat(status(endpoint, Map.of("Authorization", basic("admin", PASSWORD)))).as(endpoint).isEqualTo(404);
		}
	}

	private int status(String path, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		headers.forEach(request::header);
		return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
