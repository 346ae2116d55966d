package io.pulsegate.events;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventMetadataTests {

	private static final Instant TIME = Instant.parse("2026-11-23T10:15:30.123Z");

	@Test
	void survivesTheTripThroughMessagePropertiesKeyAndEventTime() {
		EventMetadata metadata = new EventMetadata("e-1", "order.placed", "/shop", TIME, "order-42",
				Map.of("tenant", "acme"));

		EventMetadata read = EventMetadata.fromMessage(metadata.toMessageProperties(), metadata.key(),
				metadata.time().toEpochMilli());

		assertThat(read).isEqualTo(metadata);
	}

	@Test
	void writesContextAttributesWithTheCloudEventsPrefix() {
		EventMetadata metadata = new EventMetadata("e-1", "order.placed", "/shop", TIME, null, Map.of("a", "b"));

		assertThat(metadata.toMessageProperties()).containsExactly(Map.entry("ce_specversion", "1.0"),
				Map.entry("ce_id", "e-1"), Map.entry("ce_type", "order.placed"), Map.entry("ce_source", "/shop"),
				Map.entry("a", "b"));
	}

	@Test
	void aMessageWhosePropertiesOrKeyHoldNulIsNoEvent() {
		Map<String, String> properties = Map.of("ce_id", "e-1", "ce_type", "order.placed", "ce_source", "/shop");
		for (String name : properties.keySet()) {
			Map<String, String> withNul = new HashMap<>(properties);
			withNul.put(name, properties.get(name) + "\u0000");
			assertThatIllegalArgumentException().isThrownBy(() -> EventMetadata.fromMessage(withNul, "k", 1))
				.withMessageContaining(name)
				.withMessageContaining("NUL");
		}
		Map<String, String> withHeader = new HashMap<>(properties);
		withHeader.put("tenant\u0000", "acme");
		assertThatIllegalArgumentException().isThrownBy(() -> EventMetadata.fromMessage(withHeader, "k", 1));
		assertThatIllegalArgumentException().isThrownBy(() -> EventMetadata.fromMessage(properties, "k\u0000", 1))
			.withMessageContaining("key");
	}

	@Test
	void rejectsHeadersInTheReservedNamespace() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EventMetadata("e-1", "t", "/s", TIME, null, Map.of("CE_id", "spoofed")))
			.withMessageContaining("CE_id");
	}

	@Test
	void rejectsAMessageWithoutAnEventType() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventMetadata.fromMessage(Map.of("ce_id", "e-1", "ce_source", "/s"), null, 0))
			.withMessageContaining("ce_type");
	}

	@Test
	void treatsAnEmptyMessageKeyAsNoKey() {
		EventMetadata read = EventMetadata.fromMessage(Map.of("ce_id", "e-1", "ce_type", "t", "ce_source", "/s"), "",
				0);

		assertThat(read.key()).isNull();
	}

}
