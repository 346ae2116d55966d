package io.pulsegate.ingress.send;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for tests that talk to a running ingress over the network.
 */
final class HttpJson {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private HttpJson() {
	}

	/** The API key of tenant {@code public} in the test configuration. */
	static final String PUBLIC_KEY = "public-tenant-test-key";

	/** The API key of tenant {@code acme} in the test configuration. */
	static final String ACME_KEY = "acme-tenant-test-key-1";

	static HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
		return post(url, "application/json", Map.of(), json);
	}

	static HttpResponse<String> post(String url, String contentType, Map<String, String> headers, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", contentType)
			.header("X-API-Key", headers.getOrDefault("X-API-Key", PUBLIC_KEY))
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		headers.forEach((name, value) -> {
			if (!name.equals("X-API-Key")) {
				request.header(name, value);
			}
		});
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static JsonNode body(HttpResponse<String> response) {
		return JsonMapper.shared().readTree(response.body());
	}

}
