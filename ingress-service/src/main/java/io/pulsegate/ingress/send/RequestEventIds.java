package io.pulsegate.ingress.send;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Ids for the events of a request that carries an {@code Idempotency-Key}, derived from
 * the caller's tenant, the key, the body and each event's place in it: a retry of the
 * request gives its events the same ids. When a first attempt's event reached the broker
 * after all (a publish that timed out, a broker that crashed before its acknowledgement),
 * the retry's event is then the same event again, which consumers apply once, not a
 * second one.
 */
final class RequestEventIds {

	private final byte[] request;

	private RequestEventIds(byte[] request) {
		this.request = request;
	}

	static RequestEventIds of(String tenant, String idempotencyKey, byte[] body) {
		MessageDigest digest = sha256();
		digest.update(lengthPrefixed(tenant));
		digest.update(lengthPrefixed(idempotencyKey));
		digest.update(body);
		return new RequestEventIds(digest.digest());
	}

	/**
	 * The id of one of the request's events.
	 * @param index the event's place in the request, 0 for a single event
	 * @return a name-based UUID
	 */
	String idOf(int index) {
		return UUID
			.nameUUIDFromBytes(
					ByteBuffer.allocate(this.request.length + Integer.BYTES).put(this.request).putInt(index).array())
			.toString();
	}

	private static byte[] lengthPrefixed(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(Integer.BYTES + bytes.length).putInt(bytes.length).put(bytes).array();
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
