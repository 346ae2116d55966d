package io.pulsegate.ingress.send;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.pulsegate.events.pulsar.TopicSchema;
import io.pulsegate.events.schema.EventType;
import io.pulsegate.events.schema.EventValidator;
import org.apache.pulsar.common.naming.TopicName;

import org.springframework.pulsar.core.PulsarTopic;
import org.springframework.stereotype.Component;

/**
 * Which topic each tenant's event types are published to, from configuration: clients
 * name event types, never topics. A route belongs to the Pulsar tenant of its topic, and
 * a caller may only publish to its own tenant's routes.
 */
@Component
public class EventRoutes {

	private final Map<TenantType, String> topics = new HashMap<>();

	private final List<PulsarTopic> pulsarTopics;

	private final Map<String, TopicSchema> schemas = new HashMap<>();

	EventRoutes(IngressProperties properties, EventValidator validator) {
		for (IngressProperties.Route route : properties.routes()) {
			String tenant = TopicName.get(route.topic()).getTenant();
			for (String type : route.types()) {
				if (validator.catalog().find(type).isEmpty()) {
					throw new IllegalStateException("Route to " + route.topic() + " names event type '" + type
							+ "', which is not in the event catalog");
				}
				String previous = this.topics.putIfAbsent(new TenantType(tenant, type), route.topic());
				if (previous != null && !previous.equals(route.topic())) {
					throw new IllegalStateException("Event type '" + type + "' of tenant " + tenant
							+ " is routed to both " + previous + " and " + route.topic());
				}
			}
		}
		Map<String, Set<EventType>> typesByTopic = new HashMap<>();
		for (IngressProperties.Route route : properties.routes()) {
			route.types()
				.forEach((type) -> typesByTopic.computeIfAbsent(route.topic(), (topic) -> new LinkedHashSet<>())
					.add(validator.catalog().find(type).orElseThrow()));
		}
		typesByTopic.forEach(
				(topic, types) -> this.schemas.put(topic, TopicSchema.of(TopicName.get(topic).getLocalName(), types)));
		this.pulsarTopics = properties.routes()
			.stream()
			.map((route) -> new PulsarTopic(route.topic(), route.partitions()))
			.distinct()
			.toList();
	}

	/**
	 * The topic of a tenant's event type.
	 * @param tenant the caller's tenant
	 * @param type the event type
	 * @return its topic, or empty if the tenant has no route for the type
	 */
	public Optional<String> topicFor(String tenant, String type) {
		return Optional.ofNullable(this.topics.get(new TenantType(tenant, type)));
	}

	/**
	 * Whether any tenant has a route for an event type.
	 * @param type the event type
	 * @return {@code true} if some tenant routes it
	 */
	public boolean isRouted(String type) {
		return this.topics.keySet().stream().anyMatch((key) -> key.type().equals(type));
	}

	/**
	 * The Pulsar schema of a routed topic, made of the types routed to it.
	 * @param topic a routed topic
	 * @return its schema
	 */
	public TopicSchema schemaOf(String topic) {
		TopicSchema schema = this.schemas.get(topic);
		if (schema == null) {
			throw new IllegalArgumentException(topic + " is not a routed topic");
		}
		return schema;
	}

	/**
	 * Every routed topic with its partition count.
	 * @return the topics
	 */
	public List<PulsarTopic> topics() {
		return this.pulsarTopics;
	}

	private record TenantType(String tenant, String type) {
	}

}
