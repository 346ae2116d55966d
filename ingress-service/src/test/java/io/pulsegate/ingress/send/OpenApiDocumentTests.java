package io.pulsegate.ingress.send;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pulsegate.testsupport.SharedBrokerConfiguration;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document in the repository is the one the ingress serves, and it describes
 * the ingress as it runs: the same operations, schemas that resolve, and an example the
 * ingress accepts.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(SharedBrokerConfiguration.class)
class OpenApiDocumentTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping handlerMapping;

	@Test
	void documentsExactlyTheOperationsTheIngressServes() throws Exception {
		Set<String> documented = new HashSet<>();
		map(document().get("paths")).forEach((path, operations) -> map(operations).keySet()
			.stream()
			.filter((method) -> !method.equals("parameters"))
			.forEach((method) -> documented.add(method.toUpperCase() + " " + path)));

		Set<String> served = new HashSet<>();
		this.handlerMapping.getHandlerMethods().forEach((mapping, method) -> {
			if (method.getBeanType().getPackageName().startsWith("io.pulsegate")) {
				mapping.getPatternValues()
					.forEach((path) -> mapping.getMethodsCondition()
						.getMethods()
						.forEach((verb) -> served.add(verb.name() + " " + path)));
			}
		});

		assertThat(documented).isEqualTo(served);
	}

	@Test
	void everySchemaItRefersToIsServed() throws Exception {
		String yaml = get("/openapi.yaml").body();
		Matcher refs = Pattern.compile("\\$ref: '(/schemas/[^']+)'").matcher(yaml);
		List<String> schemas = refs.results().map((ref) -> ref.group(1)).distinct().toList();

		assertThat(schemas).isNotEmpty();
		for (String schema : schemas) {
			HttpResponse<String> response = get(schema);
			assertThat(response.statusCode()).as(schema).isEqualTo(200);
			assertThat(JsonMapper.shared().readTree(response.body()).get("$schema").asString())
				.isEqualTo("https://json-schema.org/draft/2020-12/schema");
		}
	}

	@Test
	void itsExampleIsAnEventTheIngressAccepts() throws Exception {
		Object json = at(document(), "paths", "/send", "post", "requestBody", "content", "application/json");

		String example = JsonMapper.shared().writeValueAsString(map(json).get("example"));

		assertThat(HttpJson.post("http://127.0.0.1:" + this.port + "/send", example).statusCode()).isEqualTo(202);
	}

	private Map<String, Object> document() throws Exception {
		HttpResponse<String> response = get("/openapi.yaml");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> document = new Yaml().load(response.body());
		assertThat(document).containsEntry("openapi", "3.1.0");
		return document;
	}

	private static Object at(Map<String, Object> document, String... keys) {
		Object node = document;
		for (String key : keys) {
			node = map(node).get(key);
		}
		return node;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object node) {
		assertThat(node).isInstanceOf(Map.class);
		return (Map<String, Object>) node;
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
