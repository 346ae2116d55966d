package io.pulsegate.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Everything an event carries besides its data, named after the CloudEvents 1.0 context
 * attributes. On a Pulsar message the key is the message key, the time is the event time
 * and the rest are message properties (see {@link MessageProperties}).
 *
 * @param id unique id of the event, used for de-duplication downstream
 * @param type the event type, which decides the topic
 * @param source who emitted the event, as a URI reference
 * @param time when the event happened
 * @param key ordering and partitioning key, such as an order id; {@code null} for none
 * @param headers application properties carried along unchanged
 */
public record EventMetadata(String id, String type, String source, Instant time, @Nullable String key,
		Map<String, String> headers) {

	public EventMetadata {
		requireText(id, "id");
		requireText(type, "type");
		requireText(source, "source");
		Objects.requireNonNull(time, "time");
		if (key != null && key.isEmpty()) {
			throw new IllegalArgumentException("key must not be empty; use null for no key");
		}
		headers = Map.copyOf(headers);
		headers.keySet().forEach(MessageProperties::requireApplicationName);
	}

	/**
	 * The Pulsar message properties that carry this metadata: the context attributes
	 * followed by the application headers.
	 * @return a new mutable map
	 */
	public Map<String, String> toMessageProperties() {
		Map<String, String> properties = new LinkedHashMap<>(this.headers.size() + 4);
		properties.put(MessageProperties.SPEC_VERSION, MessageProperties.CLOUD_EVENTS_VERSION);
		properties.put(MessageProperties.ID, this.id);
		properties.put(MessageProperties.TYPE, this.type);
		properties.put(MessageProperties.SOURCE, this.source);
		properties.putAll(this.headers);
		return properties;
	}

	/**
	 * Reads the metadata back from a Pulsar message.
	 * @param properties the message properties
	 * @param key the message key, {@code null} if it has none
	 * @param eventTime the message's event time in epoch milliseconds, 0 if unset
	 * @return the metadata
	 * @throws IllegalArgumentException if a required attribute is missing, or a property
	 * or the key holds NUL
	 */
	public static EventMetadata fromMessage(Map<String, String> properties, @Nullable String key, long eventTime) {
		// Anyone can publish to a topic: what no database column can hold is no event.
		properties.forEach((name, value) -> {
			requireNoNul(name, "message property name '" + name + "'");
			requireNoNul(value, "message property '" + name + "'");
		});
		if (key != null) {
			requireNoNul(key, "the message key");
		}
		Map<String, String> headers = new LinkedHashMap<>(properties);
		MessageProperties.CONTEXT_ATTRIBUTES.forEach(headers::remove);
		return new EventMetadata(required(properties, MessageProperties.ID),
				required(properties, MessageProperties.TYPE), required(properties, MessageProperties.SOURCE),
				Instant.ofEpochMilli(eventTime), (key == null || key.isEmpty()) ? null : key, headers);
	}

	private static String required(Map<String, String> properties, String name) {
		String value = properties.get(name);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("message property '" + name + "' is missing");
		}
		return value;
	}

	private static void requireNoNul(String value, String what) {
		if (value.indexOf('\u0000') >= 0) {
			throw new IllegalArgumentException(what + " holds U+0000 (NUL)");
		}
	}

	private static void requireText(String value, String name) {
		Objects.requireNonNull(value, name);
		if (value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
	}

}
