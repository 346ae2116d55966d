package io.pulsegate.ingress.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.pulsegate.testsupport.SharedBrokerConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests Tomcat or Spring Security's firewall reject before a controller sees them,
 * sent byte for byte over a socket: they get problem documents like every other error.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
@Import(SharedBrokerConfiguration.class)
class ContainerErrorIntegrationTests {

	private static final String BODY = "{}";

	@LocalServerPort
	private int port;

	@Test
	void aMalformedRequestLineIsAProblem() throws IOException {
		assertProblem(exchange("POST /send HTTP/1.0 extra\r\nHost: a\r\n\r\n"), 400);
	}

	@Test
	void aNulInThePathIsAProblem() throws IOException {
		assertProblem(
				exchange("POST /send%00 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nConnection: close\r\n\r\n" + BODY),
				400);
	}

	@Test
	void aHeaderThatBreaksRfc9112IsAProblem() throws IOException {
		assertProblem(exchange("POST /send HTTP/1.1\r\nHost: a\r\nX-API-Key: \u0000\r\nContent-Length: 2\r\n"
				+ "Connection: close\r\n\r\n" + BODY), 400);
	}

	@Test
	void anInvalidContentLengthIsAProblem() throws IOException {
		assertProblem(
				exchange("POST /send HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\nConnection: close\r\n\r\n" + BODY),
				400);
	}

	@Test
	void aBodyShorterThanItsContentLengthIsAProblem() throws IOException {
		assertProblem(
				exchange("POST /send HTTP/1.1\r\nHost: a\r\nX-API-Key: public-tenant-test-key\r\n"
						+ "Content-Type: application/json\r\nContent-Length: 60\r\nConnection: close\r\n\r\n" + BODY),
				400);
	}

	@Test
	void anInvalidPercentEncodingInTheQueryIsAProblemAboutTheQuery(CapturedOutput output) throws IOException {
		String response = exchange("POST /send?%zz HTTP/1.1\r\nHost: a\r\nX-API-Key: public-tenant-test-key\r\n"
				+ "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n" + BODY);
		assertThat(response).startsWith("HTTP/1.1 400")
			.containsIgnoringCase("Content-Type: application/problem+json")
			.contains("\"type\":\"urn:pulsegate:problem:invalid-query\"", "\"instance\":\"/send\"");
		// A client's mistake, not the server's: no servlet error with a stack trace.
		assertThat(output).doesNotContain("InvalidParameterException");
	}

	@Test
	void aHeaderTheFirewallRejectsIsAProblem() throws IOException {
		// Binary mode reads every header, and the firewall checks each value as it is
		// read.
		assertProblem(exchange("POST /send HTTP/1.1\r\nHost: a\r\nX-API-Key: public-tenant-test-key\r\n"
				+ "ce-specversion: 1.0\r\nce-id: 1\r\nce-source: /s\r\nce-type: order.cancelled\r\n"
				+ "X-Anything: \u0085\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n"
				+ BODY), 400);
	}

	private static void assertProblem(String response, int status) {
		String head = response.substring(0, response.indexOf("\r\n\r\n"));
		assertThat(head).startsWith("HTTP/1.1 " + status)
			.containsIgnoringCase("Content-Type: application/problem+json");
		// The body as sent, possibly in one chunk.
		assertThat(response.substring(head.length())).contains("\"status\":" + status, "\"title\":\"Bad Request\"");
	}

	private String exchange(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			// No more is coming: a server waiting for a longer body gives up at once.
			socket.shutdownOutput();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
