package io.pulsegate.events;

import java.util.List;

import io.pulsegate.events.schema.EventCatalog;
import io.pulsegate.events.schema.EventJson;
import io.pulsegate.events.schema.EventValidator;
import io.pulsegate.events.schema.Violation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventValidatorTests {

	private static final EventValidator validator = new EventValidator(EventCatalog.standard());

	private static final String PLACED = """
			{"type": "order.placed", "key": "o-1", "data": {"orderId": "o-1", "customerId": "c-1",
			 "lines": [{"sku": "A", "quantity": 2, "unitPrice": 9.5}], "total": 19.0, "currency": "EUR"}}""";

	@Test
	void aValidOrderPlacedHasNoViolations() {
		assertThat(validate(PLACED)).isEmpty();
	}

	@Test
	void reportsEveryViolationWithItsPointer() {
		List<Violation> violations = validate("""
				{"type": "order.placed", "time": "yesterday", "headers": {"ce_id": "x"}, "colour": "red",
				 "data": {"orderId": 7, "customerId": "c-1", "lines": [{"sku": "A", "quantity": 0}],
				          "total": -1, "currency": "euro"}}""");

		assertThat(violations).extracting(Violation::pointer)
			.containsExactly("/colour", "/data/currency", "/data/lines/0/quantity", "/data/lines/0/unitPrice",
					"/data/orderId", "/data/total", "/headers/ce_id", "/time");
	}

	@Test
	void rejectsAnUnknownType() {
		assertThat(validate("{\"type\": \"order.shipped\", \"data\": {}}"))
			.containsExactly(new Violation("/type", "is not a known event type: 'order.shipped'"));
	}

	@Test
	void requiresTypeAndData() {
		assertThat(validate("{}")).extracting(Violation::pointer).containsExactly("/data", "/type");
	}

	@Test
	void requiresTheKeyToBeTheOrderId() {
		assertThat(validate(PLACED.replace("\"key\": \"o-1\"", "\"key\": \"o-2\""))).singleElement()
			.satisfies((violation) -> assertThat(violation.pointer()).isEqualTo("/key"));
	}

	@Test
	void takesAmountsThatTheProjectionStoresExactly() {
		// numeric(19, 4): four decimals, fifteen digits before them.
		assertThat(validate(PLACED.replace("\"total\": 19.0", "\"total\": 19.0001"))).isEmpty();
		assertThat(validate(PLACED.replace("\"total\": 19.0", "\"total\": 999999999999999.9999"))).isEmpty();
		assertThat(validate(PLACED.replace("\"total\": 19.0", "\"total\": 1.9E1"))).isEmpty();
		assertThat(validate(PLACED.replace("\"total\": 19.0", "\"total\": 19.00005"))).extracting(Violation::pointer)
			.containsExactly("/data/total");
		assertThat(validate(PLACED.replace("\"total\": 19.0", "\"total\": 1000000000000000")))
			.extracting(Violation::pointer)
			.containsExactly("/data/total");
		assertThat(validate("""
				{"type": "order.paid", "data": {"orderId": "o-1", "paymentId": "p-1", "amount": 0.00001,
				 "currency": "EUR"}}""")).extracting(Violation::pointer).containsExactly("/data/amount");
	}

	@Test
	void numbersSurviveAReadAndWriteExactly() {
		String data = "{\"total\":25.0,\"price\":0.1000000000000000055511151231257827,\"count\":3}";

		assertThat(new String(EventJson.write(EventJson.read(data.getBytes())))).isEqualTo(data);
	}

	private static List<Violation> validate(String json) {
		return validator.validateEnvelope(EventJson.read(json.getBytes()));
	}

}
