package io.pulsegate.events.schema;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A kind of event: its name, the record its data reads into, and the data property that
 * is its key. Its JSON Schema is the resource {@code schemas/<name>.schema.json} beside
 * this package.
 *
 * @param name the type name, such as {@code order.placed}
 * @param dataType the record the data reads into
 * @param keyProperty the top-level data property that is the event's key, or {@code null}
 * if events of this type have no natural key
 */
public record EventType(String name, Class<? extends Record> dataType, @Nullable String keyProperty) {

	public EventType {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(dataType, "dataType");
	}

	String schemaResource() {
		return "/io/pulsegate/events/schemas/" + this.name + ".schema.json";
	}

}
