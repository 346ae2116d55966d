package io.pulsegate.ingress.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.ingress.send.IngressProperties;
import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.SharedTestBroker;
import io.pulsegate.testsupport.TopicContents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that send their headers and then their bodies late, slowly or never, against a
 * running ingress and a real broker. Each read of a body waits at most 10 s, and at most
 * 4 requests wait for their bodies at once: 2 of a tenant that waits alone, 1 of each of
 * several; the admission limit of {@code /send} is 2, so a request that held a place
 * while its body was missing would shed the next.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "pulsegate.ingress.routes[0].topic=persistent://public/default/body-arrival-it-${random.uuid}",
				"pulsegate.ingress.routes[0].types[0]=order.placed", "server.tomcat.connection-timeout=10s",
				"pulsegate.ingress.body-arrival.max-awaited=4",
				"pulsegate.ingress.body-arrival.max-awaited-per-tenant=2",
				"pulsegate.ingress.admission.send.initial-limit=2", "pulsegate.ingress.admission.send.min-limit=2",
				"pulsegate.ingress.admission.send.max-limit=2" })
@Import(SharedBrokerConfiguration.class)
class BodyArrivalIntegrationTests {

	private static final String API_KEY = "public-tenant-test-key";

	private static final String ACME_API_KEY = "acme-tenant-test-key-1";

	private static final String LIMITED_API_KEY = "limited-tenant-test-key";

	private final List<Socket> sockets = new ArrayList<>();

	@LocalServerPort
	int port;

	@Autowired
	IngressProperties ingress;

	@Autowired
	MeterRegistry meters;

	@AfterEach
	void closeConnections() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
		// Each test starts with every place free.
		await().atMost(Duration.ofSeconds(10)).until(() -> awaited() == 0);
	}

	@Test
	void requestsWhoseBodiesStopHalfwayHoldNoPlaceOfTheAdmissionLimitAndNoThreadBeyondTheirShare() throws Exception {
		double busyBefore = refused("busy");
		// One at a time: a tenant that waits alone may take half of the places.
		int waiting = 0;
		for (String apiKey : List.of(ACME_API_KEY, ACME_API_KEY, LIMITED_API_KEY, API_KEY)) {
			startWithHalfABody(apiKey);
			int expected = ++waiting;
			await().atMost(Duration.ofSeconds(5)).until(() -> awaited() == expected);
		}

		Answer beyondThePlaces = startWithHalfABody(API_KEY).answer();

		assertThat(beyondThePlaces.status()).isEqualTo(429);
		assertThat(beyondThePlaces.header("Retry-After")).isEqualTo("1");
		assertThat(beyondThePlaces.header("Connection")).isEqualTo("close");
		assertThat(beyondThePlaces.problem().get("type").asString()).isEqualTo("urn:pulsegate:problem:overloaded");
		assertThat(beyondThePlaces.problem().get("detail").asString())
			.isEqualTo("The ingress is waiting for as many request bodies as it takes at once; retry after 1 s.");
		assertThat(refused("busy")).isEqualTo(busyBefore + 1);
		// Requests that come whole go on: more of them than the admission limit.
		for (int i = 0; i < 3; i++) {
			assertThat(sendWhole(event("order-" + i)).status()).isEqualTo(202);
		}
		assertThat(health().statusCode()).isEqualTo(200);
		assertThat(awaited()).as("still waiting for the bodies").isEqualTo(4);
	}

	@Test
	void requestsWithoutValidCredentialsWhoseBodiesStopHalfwayTakeNoPlaceAndAreRefusedAtOnce() throws Exception {
		// More of them than there are places, one after another: each is answered
		// without waiting for its body, not after a read's 10-s timeout.
		for (int i = 0; i < 6; i++) {
			Answer answer = startWithHalfABody((i % 2 == 0) ? null : "not-a-key-anyone-knows")
				.answer(Duration.ofSeconds(5));

			assertThat(answer.status()).isEqualTo(401);
			assertThat(answer.problem().get("type").asString()).isEqualTo("urn:pulsegate:problem:unauthenticated");
			assertThat(answer.closedAfter()).isTrue();
		}
		startWithHalfABody(API_KEY);
		await().atMost(Duration.ofSeconds(5)).until(() -> awaited() == 1);
	}

	@Test
	void oneTenantsRequestsWhoseBodiesStopHalfwayTakeNoMoreThanItsShareOfThePlaces() throws Exception {
		double busyBefore = refused("busy");
		double shareBefore = refused("tenant-share");
		startWithHalfABody(API_KEY);
		startWithHalfABody(API_KEY);
		await().atMost(Duration.ofSeconds(5)).until(() -> awaited() == 2);

		Answer beyondItsShare = startWithHalfABody(API_KEY).answer(Duration.ofSeconds(5));

		assertThat(beyondItsShare.status()).isEqualTo(429);
		assertThat(beyondItsShare.problem().get("type").asString()).isEqualTo("urn:pulsegate:problem:overloaded");
		assertThat(beyondItsShare.problem().get("detail").asString()).contains("this tenant's request bodies");
		assertThat(refused("tenant-share")).isEqualTo(shareBefore + 1);
		assertThat(refused("busy")).isEqualTo(busyBefore);
		startWithHalfABody(ACME_API_KEY);
		await().atMost(Duration.ofSeconds(5)).until(() -> awaited() == 3);
	}

	@Test
	void tenantsWhoseBodiesStopHalfwayTogetherLeaveAPlaceForAnotherTenantsSlowBody() throws Exception {
		startWithHalfABody(ACME_API_KEY);
		startWithHalfABody(ACME_API_KEY);
		await().atMost(Duration.ofSeconds(5)).until(() -> awaited() == 2);
		startWithHalfABody(LIMITED_API_KEY);
		await().atMost(Duration.ofSeconds(5)).until(() -> awaited() == 3);

		double shareBefore = refused("tenant-share");

		Answer beyondTheShareOfTwo = startWithHalfABody(LIMITED_API_KEY).answer(Duration.ofSeconds(5));

		assertThat(beyondTheShareOfTwo.status()).isEqualTo(429);
		assertThat(refused("tenant-share")).isEqualTo(shareBefore + 1);
		byte[] body = event("order-among-stallers").getBytes(StandardCharsets.UTF_8);
		Connection slow = connect();
		slow.write(head(API_KEY, "Content-Length: " + body.length));
		slow.write(Arrays.copyOf(body, body.length / 2));
		await().atMost(Duration.ofSeconds(5)).until(() -> awaited() == 4);
		slow.write(Arrays.copyOfRange(body, body.length / 2, body.length));
		assertThat(slow.answer().status()).isEqualTo(202);
		assertThat(publishedOrderIds()).contains("order-among-stallers");
	}

	@Test
	void anOpenEndpointAnswersAStrangerWhoseBodyIsOnItsWayAtOnceAndClosesTheConnection() throws Exception {
		Connection connection = connect();
		connection.write("GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"half\":"
			.getBytes(StandardCharsets.US_ASCII));

		Answer answer = connection.answer(Duration.ofSeconds(5));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.closedAfter()).isTrue();
	}

	@Test
	void aBodyThatStopsArrivingIsAnswered408AndItsConnectionClosed() throws Exception {
		double stalledBefore = refused("stalled");

		Answer answer = startWithHalfABody(API_KEY).answer();

		assertThat(answer.status()).isEqualTo(408);
		assertThat(answer.header("Connection")).isEqualTo("close");
		assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(answer.problem().get("detail").asString())
			.isEqualTo("No more of the request's body arrived for 10 s.");
		assertThat(answer.problem().get("instance").asString()).isEqualTo("/send");
		assertThat(answer.closedAfter()).isTrue();
		assertThat(refused("stalled")).isEqualTo(stalledBefore + 1);
	}

	@Test
	void aBodySentOnlyAfter100ContinueIsAwaitedAndPublished() throws Exception {
		Answer answer = sendAfter100Continue("/send", event("order-expecting"));

		assertThat(answer.status()).isEqualTo(202);
		assertThat(publishedOrderIds()).contains("order-expecting");
	}

	@Test
	void aBatchWhoseBodyIsAwaitedIsAnsweredAfterItsAsynchronousDispatch() throws Exception {
		Answer answer = sendAfter100Continue("/send/batch", "{\"events\":[" + event("order-batched") + "]}");

		assertThat(answer.status()).isEqualTo(202);
		assertThat(publishedOrderIds()).contains("order-batched");
	}

	@Test
	void aChunkedBodyIsAwaitedAndPublishedAndTheConnectionKept() throws Exception {
		byte[] body = event("order-chunked").getBytes(StandardCharsets.UTF_8);
		Connection connection = connect();
		connection.write(head(API_KEY, "Transfer-Encoding: chunked"));
		connection.write(chunk(body, 0, 100));
		connection.write(chunk(body, 100, body.length));
		connection.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

		Answer answer = connection.answer();

		assertThat(answer.status()).isEqualTo(202);
		assertThat(answer.header("Connection")).isNull();
		assertThat(publishedOrderIds()).contains("order-chunked");
	}

	@Test
	void aChunkedBodyOverTheSizeLimitIsAnswered413() throws Exception {
		double tooLargeBefore = refused("too-large");
		// Announced larger than it is, so that the server reads all that was sent: bytes
		// left unread when it closes the connection would reset it.
		byte[] large = new byte[1024 * 1024 + 1];
		Connection connection = connect();
		connection.write(head(API_KEY, "Transfer-Encoding: chunked"));
		connection.write((Integer.toHexString(2 * large.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		connection.write(large);

		Answer answer = connection.answer();

		assertThat(answer.status()).isEqualTo(413);
		assertThat(answer.header("Connection")).isEqualTo("close");
		assertThat(answer.problem().get("detail").asString())
			.isEqualTo("The request's body is larger than 1048576 bytes.");
		assertThat(refused("too-large")).isEqualTo(tooLargeBefore + 1);
	}

	@Test
	void aRequestRefusedBeforeItsLargeBodyHasComeIsAnsweredAndItsConnectionClosedWithoutWaitingForTheBody()
			throws Exception {
		Connection connection = connect();
		connection.write(head(null, "Content-Length: 10000000"));
		connection.write("{\"type\":".getBytes(StandardCharsets.US_ASCII));

		// Tomcat would otherwise read on, each read waiting up to the 10-s timeout.
		Answer answer = connection.answer(Duration.ofSeconds(5));

		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.closedAfter()).isTrue();
	}

	/**
	 * Sends a request's headers with {@code Expect: 100-continue}, and its body only once
	 * the server has answered {@code 100 Continue}.
	 */
	private Answer sendAfter100Continue(String path, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		Connection connection = connect();
		connection.write(head(path, API_KEY, "Content-Length: " + body.length + "\r\nExpect: 100-continue"));
		assertThat(connection.readLine()).isEqualTo("HTTP/1.1 100 ");
		assertThat(connection.readLine()).isEmpty();
		connection.write(body);
		return connection.answer();
	}

	private Connection startWithHalfABody(String apiKey) throws IOException {
		byte[] body = event("order-halfway").getBytes(StandardCharsets.UTF_8);
		Connection connection = connect();
		connection.write(head(apiKey, "Content-Length: " + body.length));
		connection.write(Arrays.copyOf(body, body.length / 2));
		return connection;
	}

	private Connection connect() throws IOException {
		Socket socket = new Socket();
		this.sockets.add(socket);
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
		return new Connection(socket);
	}

	private static byte[] head(String apiKey, String framing) {
		return head("/send", apiKey, framing);
	}

	private static byte[] head(String path, String apiKey, String framing) {
		String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ ((apiKey != null) ? "X-API-Key: " + apiKey + "\r\n" : "") + framing + "\r\n\r\n";
		return head.getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] chunk(byte[] bytes, int from, int to) {
		ByteArrayOutputStream chunk = new ByteArrayOutputStream();
		chunk.writeBytes((Integer.toHexString(to - from) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		chunk.write(bytes, from, to - from);
		chunk.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		return chunk.toByteArray();
	}

	private static String event(String orderId) {
		return "{\"type\":\"order.placed\",\"data\":{\"orderId\":\"" + orderId + "\",\"customerId\":\"customer-1\","
				+ "\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":1,\"unitPrice\":9.5}],\"total\":9.5,\"currency\":\"EUR\"}}";
	}

	/**
	 * Sends a request, headers and body, in one write, as it then reaches the server.
	 */
	private Answer sendWhole(String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(head(API_KEY, "Content-Length: " + body.length));
		request.writeBytes(body);
		Connection connection = connect();
		connection.write(request.toByteArray());
		return connection.answer();
	}

	private HttpResponse<String> health() throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri("/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private List<String> publishedOrderIds() {
		return TopicContents.readAll(SharedTestBroker.get(), this.ingress.routes().get(0).topic())
			.stream()
			.map((message) -> JsonMapper.shared().readTree(message.getData()).at("/orderId").asString())
			.toList();
	}

	private double refused(String reason) {
		return this.meters.get("pulsegate.ingress.request.bodies.refused").tag("reason", reason).counter().count();
	}

	private double awaited() {
		return this.meters.get("pulsegate.ingress.request.bodies.awaited").gauge().value();
	}

	/**
	 * One HTTP/1.1 connection, written and read byte by byte as the test says.
	 */
	private static final class Connection {

		private final Socket socket;

		private final InputStream in;

		Connection(Socket socket) throws IOException {
			this.socket = socket;
			this.in = socket.getInputStream();
		}

		void write(byte[] bytes) throws IOException {
			this.socket.getOutputStream().write(bytes);
			this.socket.getOutputStream().flush();
		}

		String readLine() throws IOException {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			int previous = -1;
			for (int next = this.in.read(); next != -1; next = this.in.read()) {
				if (previous == '\r' && next == '\n') {
					byte[] bytes = line.toByteArray();
					return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
				}
				line.write(next);
				previous = next;
			}
			throw new IOException("Connection closed within a line: " + line);
		}

		Answer answer() throws IOException {
			return answer(Duration.ofSeconds(30));
		}

		/**
		 * Reads an answer, then whether the server closes the connection right after it.
		 */
		Answer answer(Duration within) throws IOException {
			this.socket.setSoTimeout((int) within.toMillis());
			String statusLine = readLine();
			Map<String, String> headers = new LinkedHashMap<>();
			for (String line = readLine(); !line.isEmpty(); line = readLine()) {
				int colon = line.indexOf(':');
				headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
			}
			boolean closing = "close".equals(headers.get("connection"));
			byte[] body;
			if ("chunked".equals(headers.get("transfer-encoding"))) {
				body = readChunks();
			}
			else if (headers.containsKey("content-length")) {
				body = this.in.readNBytes(Integer.parseInt(headers.get("content-length")));
			}
			else {
				// Without a length, a body ends where its connection is closed.
				body = closing ? this.in.readAllBytes() : new byte[0];
			}
			boolean closed = closing && this.in.read() == -1;
			return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers,
					new String(body, StandardCharsets.UTF_8), closed);
		}

		private byte[] readChunks() throws IOException {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			for (int size = Integer.parseInt(readLine(), 16); size > 0; size = Integer.parseInt(readLine(), 16)) {
				body.writeBytes(this.in.readNBytes(size));
				readLine();
			}
			readLine();
			return body.toByteArray();
		}

	}

	private record Answer(int status, Map<String, String> headers, String body, boolean closedAfter) {

		String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		JsonNode problem() {
			return JsonMapper.shared().readTree(this.body);
		}

	}

}
