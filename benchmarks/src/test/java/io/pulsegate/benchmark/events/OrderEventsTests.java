package io.pulsegate.benchmark.events;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsegate.events.schema.EventCatalog;
import io.pulsegate.events.schema.EventValidator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderEventsTests {

	private static final long MICROS = 1_795_000_000_123_456L;

	private final ObjectMapper json = new ObjectMapper();

	private final EventValidator validator = new EventValidator(EventCatalog.standard());

	private final OrderEvents events = new OrderEvents("run1");

	@Test
	void anEnvelopeIsAValidOrderPlacedEventOfAboutOneKilobyte() throws Exception {
		JsonNode envelope = this.json.readTree(this.events.envelope().render(42, MICROS));
		assertThat(this.validator.validateEnvelope(envelope)).isEmpty();
		assertThat(envelope.get("type").asText()).isEqualTo("order.placed");
		assertThat(envelope.at("/data/orderId").asText()).isEqualTo(this.events.key(42));
		assertThat(this.events.eventSize()).isBetween(900, 1100);
	}

	@Test
	void eachEventCarriesItsOwnIdAndTheTimeItWasMeantToBeSent() throws Exception {
		JsonNode first = this.json.readTree(this.events.envelope().render(1, MICROS));
		JsonNode second = this.json.readTree(this.events.envelope().render(2, MICROS + 1));
		assertThat(first.get("id").asText()).startsWith(this.events.idPrefix()).isNotEqualTo(second.get("id").asText());
		assertThat(this.events.intendedEpochMicros(first.get("id").asText())).isEqualTo(MICROS);
		assertThat(this.events.intendedEpochMicros(second.get("id").asText())).isEqualTo(MICROS + 1);
	}

	@Test
	void aBatchHoldsDistinctValidEvents() throws Exception {
		JsonNode batch = this.json.readTree(this.events.batch(100).render(1_000, MICROS));
		assertThat(batch.get("events")).hasSize(100);
		Set<String> orderIds = new HashSet<>();
		for (JsonNode envelope : batch.get("events")) {
			assertThat(this.validator.validateEnvelope(envelope)).isEmpty();
			orderIds.add(envelope.at("/data/orderId").asText());
		}
		assertThat(orderIds).hasSize(100).contains(this.events.key(1_000), this.events.key(1_099));
	}

	@Test
	void aRestProducerRequestCarriesTheSameEventsAsTextPayloadsKeyedByOrder() throws Exception {
		JsonNode request = this.json.readTree(this.events.restProducer(3).render(7, MICROS));
		assertThat(request.get("messages")).hasSize(3);
		JsonNode message = request.get("messages").get(2);
		assertThat(message.get("key").asText()).isEqualTo(this.events.key(9));
		assertThat(message.get("payload").asText())
			.isEqualTo(new String(this.events.envelope().render(9, MICROS), StandardCharsets.UTF_8));
	}

}
