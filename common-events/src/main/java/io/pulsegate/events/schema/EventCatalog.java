package io.pulsegate.events.schema;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.pulsegate.events.orders.OrderEvents;

/**
 * Every event type the platform knows, by name.
 */
public final class EventCatalog {

	private final Map<String, EventType> types = new LinkedHashMap<>();

	private EventCatalog(List<EventType> types) {
		for (EventType type : types) {
			if (this.types.putIfAbsent(type.name(), type) != null) {
				throw new IllegalArgumentException("Event type " + type.name() + " is defined twice");
			}
		}
	}

	/**
	 * The event types defined in this module.
	 * @return the catalog
	 */
	public static EventCatalog standard() {
		return of(OrderEvents.ALL);
	}

	public static EventCatalog of(List<EventType> types) {
		return new EventCatalog(types);
	}

	public Optional<EventType> find(String name) {
		return Optional.ofNullable(this.types.get(name));
	}

	public Collection<EventType> types() {
		return this.types.values();
	}

}
