package io.pulsegate.events;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.pulsegate.events.orders.OrderEvents;
import io.pulsegate.events.pulsar.TopicSchema;
import org.apache.pulsar.common.schema.SchemaType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicSchemaTests {

	@Test
	void aTopicsSchemaHasTheFieldsOfEveryTypeOnIt() {
		TopicSchema schema = TopicSchema.of("orders", OrderEvents.ALL);

		assertThat(schema.getSchemaInfo().getType()).isEqualTo(SchemaType.JSON);
		String definition = new String(schema.getSchemaInfo().getSchema(), StandardCharsets.UTF_8);
		assertThat(definition).contains("\"name\":\"orders\"")
			.contains("\"customerId\"", "\"lines\"", "\"total\"", "\"paymentId\"", "\"amount\"", "\"reason\"");
	}

	@Test
	void theSchemaDoesNotDependOnTheOrderOfTheTypes() {
		assertThat(TopicSchema.of("orders", List.of(OrderEvents.PAID, OrderEvents.PLACED)).getSchemaInfo().getSchema())
			.isEqualTo(TopicSchema.of("orders", List.of(OrderEvents.PLACED, OrderEvents.PAID))
				.getSchemaInfo()
				.getSchema());
	}

	@Test
	void recordNamesAreValidAvroNames() {
		String definition = new String(
				TopicSchema.of("2-send-it", List.of(OrderEvents.CANCELLED)).getSchemaInfo().getSchema(),
				StandardCharsets.UTF_8);

		assertThat(definition).contains("\"name\":\"_2_send_it\"");
	}

	@Test
	void dataPassesThroughUnchanged() {
		byte[] data = "{\"orderId\":\"o-1\",\"total\":25.0}".getBytes(StandardCharsets.UTF_8);

		assertThat(TopicSchema.of("orders", OrderEvents.ALL).encode(data)).isSameAs(data);
	}

}
