package io.pulsegate.benchmark.events;

import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

import io.pulsegate.benchmark.load.RequestBody;

/**
 * The benchmark's events: {@code order.placed} events of about 1 KB of JSON, each with
 * its own id and order id, in the forms each path takes. The event id carries the time
 * the request was meant to start, so that the end-to-end latency can be read from the
 * projection afterwards.
 */
public final class OrderEvents {

	private static final int LINES = 17;

	private final String run;

	private final EventTemplate envelope;

	private final EventTemplate restMessage;

	public OrderEvents(String run) {
		this.run = run;
		this.envelope = EventTemplate.of(envelopeText());
		this.restMessage = EventTemplate.of("{\"key\":\"" + orderId(EventTemplate.sequence()) + "\",\"payload\":\""
				+ envelopeText().replace("\"", "\\\"") + "\",\"properties\":{}}");
	}

	/**
	 * Size of one event as the ingress receives it.
	 * @return bytes
	 */
	public int eventSize() {
		return this.envelope.length();
	}

	/**
	 * One envelope, for {@code POST /send} and as the payload of a raw Pulsar message.
	 * @return the body renderer
	 */
	public RequestBody envelope() {
		return this.envelope::render;
	}

	/**
	 * A batch for {@code POST /send/batch}.
	 * @param size events per batch
	 * @return the body renderer
	 */
	public RequestBody batch(int size) {
		return concatenated("{\"events\":[", size, this.envelope, "]}");
	}

	/**
	 * A request to Pulsar's REST producer.
	 * @param size messages per request
	 * @return the body renderer
	 */
	public RequestBody restProducer(int size) {
		return concatenated("{\"producerName\":\"pulsegate-benchmark\",\"messages\":[", size, this.restMessage, "]}");
	}

	/**
	 * The key Pulsar messages carry: the order id, as the ingress derives it.
	 * @param sequence the event's number
	 * @return the key
	 */
	public String key(long sequence) {
		return orderId(String.format("%0" + EventTemplate.SEQUENCE_DIGITS + "d", sequence));
	}

	/**
	 * The event id's prefix of the events of this run, for finding them in the
	 * projection.
	 * @return the prefix
	 */
	public String idPrefix() {
		return "evt-" + this.run + "-";
	}

	/**
	 * When the event with this id was meant to be sent.
	 * @param eventId an id of this run's events
	 * @return microseconds since the epoch
	 */
	public long intendedEpochMicros(String eventId) {
		int start = idPrefix().length();
		return Long.parseLong(eventId, start, start + EventTemplate.MICROS_DIGITS, 10);
	}

	private static RequestBody concatenated(String head, int size, EventTemplate item, String tail) {
		byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
		byte[] tailBytes = tail.getBytes(StandardCharsets.UTF_8);
		int length = headBytes.length + size * item.length() + (size - 1) + tailBytes.length;
		return (sequence, micros) -> {
			byte[] body = new byte[length];
			System.arraycopy(headBytes, 0, body, 0, headBytes.length);
			int at = headBytes.length;
			for (int i = 0; i < size; i++) {
				if (i > 0) {
					body[at++] = ',';
				}
				item.renderInto(body, at, sequence + i, micros);
				at += item.length();
			}
			System.arraycopy(tailBytes, 0, body, at, tailBytes.length);
			return body;
		};
	}

	private String envelopeText() {
		StringJoiner lines = new StringJoiner(",", "[", "]");
		double total = 0;
		for (int line = 1; line <= LINES; line++) {
			lines.add("{\"sku\":\"SKU-" + String.format("%05d", line * 37) + "\",\"quantity\":" + (1 + line % 3)
					+ ",\"unitPrice\":12.5}");
			total += (1 + line % 3) * 12.5;
		}
		return "{\"id\":\"" + idPrefix() + EventTemplate.micros() + "-" + EventTemplate.sequence()
				+ "\",\"type\":\"order.placed\",\"data\":{\"orderId\":\"" + orderId(EventTemplate.sequence())
				+ "\",\"customerId\":\"customer-0042\",\"lines\":" + lines + ",\"total\":" + total
				+ ",\"currency\":\"EUR\"}}";
	}

	private String orderId(String sequence) {
		return "order-" + this.run + "-" + sequence;
	}

}
