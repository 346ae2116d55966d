package io.pulsegate.ingress.send;

import java.util.List;
import java.util.regex.Pattern;

import io.pulsegate.ingress.idempotency.IdempotentRequests;

final class IdempotencyKeys {

	private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,255}");

	private IdempotencyKeys() {
	}

	static String require(String key) {
		if (!VALID.matcher(key).matches()) {
			throw new InvalidEventException(List
				.of(EventError.inHeader(IdempotentRequests.HEADER, "must be 1 to 255 visible ASCII characters")));
		}
		return key;
	}

}
