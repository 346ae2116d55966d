package io.pulsegate.events.pulsar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.TreeMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulsegate.events.schema.EventType;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.schema.SchemaDefinition;
import org.apache.pulsar.common.schema.SchemaInfo;
import org.apache.pulsar.common.schema.SchemaType;

/**
 * The Pulsar schema of a topic that carries events of several types, such as all of an
 * order's events, which share a topic so that they stay in order. It is a JSON schema
 * whose record has every field of every type on the topic, each optional, as Pulsar
 * generates them from the event records. The broker registers it with the topic and
 * refuses a producer whose schema is incompatible, for example one that changes a field's
 * type. The event data, already valid for its type's JSON Schema, passes through
 * unchanged.
 */
public final class TopicSchema implements Schema<byte[]> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SchemaInfo info;

	private TopicSchema(SchemaInfo info) {
		this.info = info;
	}

	/**
	 * The schema of a topic.
	 * @param topicName the topic's short name, which names the schema's record
	 * @param types the event types published to the topic
	 * @return the schema
	 * @throws IllegalStateException if two types have a field of the same name but of
	 * different types
	 */
	public static TopicSchema of(String topicName, Collection<EventType> types) {
		// Sorted by name: the same types give the same schema in whatever order they are
		// routed.
		Map<String, JsonNode> fields = new TreeMap<>();
		for (EventType type : types) {
			for (JsonNode field : definitionOf(type).get("fields")) {
				JsonNode previous = fields.putIfAbsent(field.get("name").asText(), field);
				if (previous != null && !previous.equals(field)) {
					throw new IllegalStateException("Field '" + field.get("name").asText() + "' of " + type.name()
							+ " differs from the field of the same name of another type on topic " + topicName);
				}
			}
		}
		ObjectNode record = JSON.createObjectNode()
			.put("type", "record")
			.put("name", recordName(topicName))
			.put("namespace", "io.pulsegate.events");
		ArrayNode recordFields = record.putArray("fields");
		fields.values().forEach(recordFields::add);
		return new TopicSchema(SchemaInfo.builder()
			.name(topicName)
			.type(SchemaType.JSON)
			.schema(record.toString().getBytes(StandardCharsets.UTF_8))
			.properties(Map.of("__alwaysAllowNull", "true", "__jsr310ConversionEnabled", "false"))
			.build());
	}

	@Override
	public byte[] encode(byte[] data) {
		return data;
	}

	@Override
	public byte[] decode(byte[] bytes, byte[] schemaVersion) {
		return bytes;
	}

	@Override
	public SchemaInfo getSchemaInfo() {
		return this.info;
	}

	@Override
	public Schema<byte[]> clone() {
		return this;
	}

	private static JsonNode definitionOf(EventType type) {
		SchemaInfo info = Schema.JSON(SchemaDefinition.builder().withPojo(type.dataType()).build()).getSchemaInfo();
		try {
			return JSON.readTree(info.getSchema());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String recordName(String topicName) {
		String name = topicName.replaceAll("[^A-Za-z0-9_]", "_");
		return Character.isDigit(name.charAt(0)) ? "_" + name : name;
	}

}
