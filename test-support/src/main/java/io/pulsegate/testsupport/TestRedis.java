package io.pulsegate.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A real Redis for tests, found once per JVM: the one named by {@code REDIS_URL}
 * ({@code redis://host:port}); else one answering on 127.0.0.1:6379; else a
 * {@code redis-server} started for this JVM on a free port and stopped when it exits.
 */
public final class TestRedis {

	private TestRedis() {
	}

	/**
	 * The Redis to use, found or started on first call.
	 * @return its address
	 */
	public static Endpoint get() {
		return Holder.ENDPOINT;
	}

	/**
	 * Where a Redis listens.
	 *
	 * @param host the host
	 * @param port the port
	 */
	public record Endpoint(String host, int port) {
	}

	private static Endpoint find() {
		String url = System.getenv("REDIS_URL");
		if (url != null && !url.isBlank()) {
			URI uri = URI.create(url);
			return new Endpoint(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 6379);
		}
		Endpoint local = new Endpoint("127.0.0.1", 6379);
		if (answersPing(local)) {
			return local;
		}
		return startServer();
	}

	private static Endpoint startServer() {
		RedisServerProcess server = RedisServerProcess.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-redis-stop"));
		return server.endpoint();
	}

	static boolean answersPing(Endpoint endpoint) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 500);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = in.readNBytes(7);
			return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static final class Holder {

		static final Endpoint ENDPOINT = find();

	}

}
