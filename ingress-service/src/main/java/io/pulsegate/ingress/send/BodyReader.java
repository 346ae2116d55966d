package io.pulsegate.ingress.send;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.stereotype.Component;
import org.springframework.web.server.PayloadTooLargeException;

/**
 * Reads a request body up to the configured limit, and no further: a larger body is
 * refused with 413 before it fills the heap.
 */
@Component
class BodyReader {

	private final long limit;

	BodyReader(IngressProperties properties) {
		this.limit = properties.maxBodySize().toBytes();
	}

	byte[] read(InputStream body, long declaredLength) throws IOException {
		if (declaredLength > this.limit) {
			throw tooLarge();
		}
		byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.limit + 1));
		if (bytes.length > this.limit) {
			throw tooLarge();
		}
		return bytes;
	}

	private PayloadTooLargeException tooLarge() {
		return new PayloadTooLargeException(new IllegalArgumentException("larger than " + this.limit + " bytes"));
	}

}
