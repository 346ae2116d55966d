package io.pulsegate.ingress.admission;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A request whose body arrives in two halves, the second only when the test releases it.
 * The server has taken the request from its headers on, so the request holds its place in
 * the ingress for as long as the test likes.
 */
final class HeldRequest {

	private final SubmissionPublisher<ByteBuffer> body;

	private final byte[] bytes;

	private final CompletableFuture<HttpResponse<String>> response;

	private HeldRequest(SubmissionPublisher<ByteBuffer> body, byte[] bytes,
			CompletableFuture<HttpResponse<String>> response) {
		this.body = body;
		this.bytes = bytes;
		this.response = response;
	}

	static HeldRequest start(HttpClient client, HttpRequest.Builder request, String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		SubmissionPublisher<ByteBuffer> body = new SubmissionPublisher<>();
		CompletableFuture<HttpResponse<String>> response = client.sendAsync(
				request.POST(HttpRequest.BodyPublishers.fromPublisher(body, bytes.length)).build(),
				HttpResponse.BodyHandlers.ofString());
		// A publisher drops what it is given before the client subscribes.
		await().atMost(Duration.ofSeconds(10)).until(body::hasSubscribers);
		body.submit(ByteBuffer.wrap(bytes, 0, bytes.length / 2));
		return new HeldRequest(body, bytes, response);
	}

	HttpResponse<String> release() throws Exception {
		int half = this.bytes.length / 2;
		this.body.submit(ByteBuffer.wrap(this.bytes, half, this.bytes.length - half));
		this.body.close();
		return this.response.get(30, TimeUnit.SECONDS);
	}

	static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

}
