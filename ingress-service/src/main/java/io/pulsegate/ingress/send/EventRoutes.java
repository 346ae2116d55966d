package io.pulsegate.ingress.send;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.pulsegate.events.schema.EventValidator;

import org.springframework.pulsar.core.PulsarTopic;
import org.springframework.stereotype.Component;

/**
 * Which topic each event type is published to, from configuration: clients name event
 * types, never topics.
 */
@Component
public class EventRoutes {

	private final Map<String, String> topicByType = new HashMap<>();

	private final List<PulsarTopic> topics;

	EventRoutes(IngressProperties properties, EventValidator validator) {
		for (IngressProperties.Route route : properties.routes()) {
			for (String type : route.types()) {
				if (validator.catalog().find(type).isEmpty()) {
					throw new IllegalStateException("Route to " + route.topic() + " names event type '" + type
							+ "', which is not in the event catalog");
				}
				String previous = this.topicByType.putIfAbsent(type, route.topic());
				if (previous != null && !previous.equals(route.topic())) {
					throw new IllegalStateException(
							"Event type '" + type + "' is routed to both " + previous + " and " + route.topic());
				}
			}
		}
		this.topics = properties.routes()
			.stream()
			.map((route) -> new PulsarTopic(route.topic(), route.partitions()))
			.distinct()
			.toList();
	}

	/**
	 * The topic of an event type.
	 * @param type the event type
	 * @return its topic, or empty if the type is unknown
	 */
	public Optional<String> topicFor(String type) {
		return Optional.ofNullable(this.topicByType.get(type));
	}

	/**
	 * Every routed topic with its partition count.
	 * @return the topics
	 */
	public List<PulsarTopic> topics() {
		return this.topics;
	}

}
