package io.pulsegate.ingress.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A bare HTTP/1.1 client on a socket. It sends exactly the bytes it is given, so that a
 * test can send what no well-behaved client would: invalid UTF-8, control characters in
 * headers, a lying {@code Content-Length}, a malformed request line.
 */
final class RawHttp {

	private static final int TIMEOUT_MILLIS = 15_000;

	private static final byte[] CRLF = { '\r', '\n' };

	private static final int CHUNK = 64 * 1024;

	private RawHttp() {
	}

	/**
	 * Sends one request on a new connection and reads the answer until the server closes
	 * it.
	 * @param port the server's port on 127.0.0.1
	 * @param request the request, whole
	 * @return the response
	 * @throws IOException if the server sent no status line
	 */
	static Response exchange(int port, byte[] request) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			OutputStream out = socket.getOutputStream();
			try {
				out.write(request);
				out.flush();
				socket.shutdownOutput();
			}
			catch (SocketException ex) {
				// The server may answer and close before it read all of an oversized
				// request: what it answered is still to be read.
			}
			return Response.parse(readAll(socket.getInputStream()));
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
				bytes.write(buffer, 0, read);
			}
		}
		catch (SocketException ex) {
			// A reset after the server wrote its answer and closed: keep what came.
			if (bytes.size() == 0) {
				throw ex;
			}
		}
		return bytes.toByteArray();
	}

	/**
	 * A request as bytes: a request line, header lines and a body. Every part is taken as
	 * it is; {@code Content-Length} and {@code Connection: close} are added unless the
	 * request leaves them out on purpose.
	 */
	static final class Request {

		private final String requestLine;

		private final List<byte[]> headerLines = new ArrayList<>();

		private byte[] body = new byte[0];

		private boolean contentLength = true;

		private Request(String requestLine) {
			this.requestLine = requestLine;
		}

		static Request post(String target) {
			return new Request("POST " + target + " HTTP/1.1");
		}

		static Request line(String requestLine) {
			return new Request(requestLine);
		}

		Request header(String name, String value) {
			return headerLine((name + ": " + value).getBytes(StandardCharsets.UTF_8));
		}

		Request headerLine(byte[] line) {
			this.headerLines.add(line);
			return this;
		}

		Request body(byte[] body) {
			this.body = body;
			return this;
		}

		Request body(String body) {
			return body(body.getBytes(StandardCharsets.UTF_8));
		}

		Request withoutContentLength() {
			this.contentLength = false;
			return this;
		}

		/**
		 * Sends the body in chunks ({@code Transfer-Encoding: chunked}), without a
		 * {@code Content-Length}.
		 * @return this request
		 */
		Request chunked() {
			ByteArrayOutputStream chunks = new ByteArrayOutputStream(this.body.length + 1024);
			for (int at = 0; at < this.body.length; at += CHUNK) {
				int size = Math.min(CHUNK, this.body.length - at);
				chunks.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
				chunks.write(this.body, at, size);
				chunks.writeBytes(CRLF);
			}
			chunks.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			this.body = chunks.toByteArray();
			this.contentLength = false;
			return header("Transfer-Encoding", "chunked");
		}

		byte[] toBytes() {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream(this.body.length + 512);
			bytes.writeBytes(this.requestLine.getBytes(StandardCharsets.ISO_8859_1));
			bytes.writeBytes(CRLF);
			if (!hasHeader("Host")) {
				bytes.writeBytes("Host: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			bytes.writeBytes("Connection: close\r\n".getBytes(StandardCharsets.US_ASCII));
			if (this.contentLength && !hasHeader("Content-Length")) {
				bytes.writeBytes(("Content-Length: " + this.body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
			}
			for (byte[] line : this.headerLines) {
				bytes.writeBytes(line);
				bytes.writeBytes(CRLF);
			}
			bytes.writeBytes(CRLF);
			bytes.writeBytes(this.body);
			return bytes.toByteArray();
		}

		private boolean hasHeader(String name) {
			String prefix = name.toLowerCase(Locale.ROOT) + ":";
			return this.headerLines.stream()
				.anyMatch((line) -> new String(line, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)
					.startsWith(prefix));
		}

		@Override
		public String toString() {
			String text = new String(toBytes(), StandardCharsets.ISO_8859_1);
			return (text.length() > 600) ? text.substring(0, 600) + "... (" + text.length() + " bytes)" : text;
		}

	}

	/**
	 * What the server answered.
	 *
	 * @param status the status code
	 * @param headerLines the header lines as sent
	 * @param body the body, de-chunked
	 */
	record Response(int status, List<String> headerLines, byte[] body) {

		static Response parse(byte[] raw) throws IOException {
			String text = new String(raw, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			if (!text.startsWith("HTTP/1.1 ") || end < 0) {
				throw new IOException(
						"Not an HTTP response: '" + text.substring(0, Math.min(200, text.length())) + "'");
			}
			String[] lines = text.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].substring(9, 12));
			byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
			if (status >= 100 && status < 200 && status != 101) {
				// An interim answer, such as the 100 Continue a request with "Expect:
				// 100-continue" may get before its body is read: the final one follows.
				return parse(body);
			}
			List<String> headerLines = List.of(lines).subList(1, lines.length);
			Response response = new Response(status, headerLines, body);
			return response.header("Transfer-Encoding").filter("chunked"::equalsIgnoreCase).isPresent()
					? new Response(status, headerLines, dechunk(body)) : response;
		}

		Optional<String> header(String name) {
			String prefix = name.toLowerCase(Locale.ROOT) + ":";
			return this.headerLines.stream()
				.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
				.map((line) -> line.substring(prefix.length()).trim())
				.findFirst();
		}

		String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		@Override
		public String toString() {
			String body = bodyText();
			return this.status + " " + this.headerLines + " "
					+ ((body.length() > 400) ? body.substring(0, 400) + "..." : body);
		}

		private static byte[] dechunk(byte[] chunked) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			int at = 0;
			while (at < chunked.length) {
				int lineEnd = indexOfCrlf(chunked, at);
				if (lineEnd < 0) {
					break;
				}
				String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII);
				int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
				if (size == 0) {
					break;
				}
				body.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
				at = lineEnd + 2 + size + 2;
			}
			return body.toByteArray();
		}

		private static int indexOfCrlf(byte[] bytes, int from) {
			for (int i = from; i < bytes.length - 1; i++) {
				if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
					return i;
				}
			}
			return -1;
		}

	}

}
