package io.pulsegate.consumer.hostile;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A message as a misbehaving producer might put it on the topic.
 *
 * @param properties its properties, as they are
 * @param key its key, {@code null} for none
 * @param eventTime its event time in epoch milliseconds, 0 for none
 * @param payload its bytes
 */
record HostileMessage(Map<String, String> properties, @Nullable String key, long eventTime, byte[] payload) {

	@Override
	public String toString() {
		String text = new String(this.payload, StandardCharsets.UTF_8);
		return "properties " + abbreviated(this.properties.toString()) + ", key "
				+ abbreviated(String.valueOf(this.key)) + ", event time " + this.eventTime + ", " + this.payload.length
				+ " bytes: " + abbreviated(text);
	}

	private static String abbreviated(String text) {
		String visible = text.replace("\u0000", "\\u0000");
		return (visible.length() > 300) ? visible.substring(0, 300) + "..." : visible;
	}

}
