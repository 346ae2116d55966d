package io.pulsegate.events.schema;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsegate.events.orders.OrderLine;
import io.pulsegate.events.orders.OrderPlaced;
import io.pulsegate.events.schema.EventJson.MalformedJsonException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EventJsonTests {

	@Test
	void readsAnEventWithTextFromAnyPlane() {
		assertThat(EventJson.read("{\"reason\": \"na\u00efve \u20ac \uD83D\uDE00\"}".getBytes(StandardCharsets.UTF_8))
			.get("reason")
			.asText()).isEqualTo("na\u00efve \u20ac \uD83D\uDE00");
	}

	@Test
	void rejectsBytesThatAreNotUtf8() {
		for (byte[] bad : new byte[][] { { (byte) 0x80 }, { (byte) 0xC0, (byte) 0x80 },
				{ (byte) 0xE0, (byte) 0x80, (byte) 0x80 }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
				{ (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }, { (byte) 0xFF } }) {
			ByteArrayOutputStream json = new ByteArrayOutputStream();
			json.writeBytes("{\"reason\": \"".getBytes(StandardCharsets.US_ASCII));
			json.writeBytes(bad);
			json.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));

			assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> EventJson.read(json.toByteArray()))
				.withMessageContaining("UTF-8")
				.withMessageContaining("byte 12");
		}
	}

	@Test
	void rejectsNulAndLoneSurrogatesInValuesAndNames() {
		for (String json : new String[] { "{\"reason\": \"a\\u0000\"}", "{\"reason\": \"\\ud800\"}",
				"{\"reason\": [\"\\udc00\\ud800\"]}", "{\"a\\u0000\": 1}", "{\"reason\": \"\\ud83d\"}" }) {
			assertThatExceptionOfType(MalformedJsonException.class)
				.isThrownBy(() -> EventJson.read(json.getBytes(StandardCharsets.UTF_8)))
				.withMessageContaining("/");
		}
	}

	@Test
	void saysWhereInTheDocumentTheStringOrNumberItRefusesIs() {
		assertThat(refusal("{\"reason\": \"a\\u0000\"}")).isEqualTo("the string at /reason holds U+0000 (NUL)");
		assertThat(refusal("{\"lines\": [{\"sku\": \"x\"}, {\"sku\": \"\\ud800\"}]}"))
			.isEqualTo("the string at /lines/1/sku holds a lone surrogate");
		assertThat(refusal("{\"a/b~c\": {\"x\\u0000\": 1}}"))
			.isEqualTo("the string at /a~1b~0c/x\u0000 holds U+0000 (NUL)");
		assertThat(refusal("[1, {\"total\": 1e309}]"))
			.isEqualTo("the number at /1/total takes more than 64 digits written out");
		assertThat(refusal("\"\\u0000\"")).isEqualTo("the string at  holds U+0000 (NUL)");
	}

	private static String refusal(String json) {
		return catchThrowableOfType(MalformedJsonException.class,
				() -> EventJson.read(json.getBytes(StandardCharsets.UTF_8)))
			.getMessage();
	}

	@Test
	void rejectsNumbersLongerThan64DigitsWrittenOut() {
		for (String number : new String[] { "1e309", "1E+999999999", "-9.99e64", "1e-65", "0.1e-64" }) {
			assertThatExceptionOfType(MalformedJsonException.class)
				.isThrownBy(() -> EventJson.read(("{\"total\": " + number + "}").getBytes(StandardCharsets.US_ASCII)))
				.withMessageContaining("/total")
				.withMessageContaining("64 digits");
		}
	}

	@Test
	void rejectsNumbersWhoseExponentNoBigDecimalHolds() {
		for (String number : new String[] { "9.99E-2147483647", "0.1e-2147483647", "1e2147483648", "1e-9999999999" }) {
			assertThatExceptionOfType(MalformedJsonException.class)
				.isThrownBy(() -> EventJson.read(("{\"total\": " + number + "}").getBytes(StandardCharsets.US_ASCII)));
		}
	}

	@Test
	void readsNumbersUpTo64DigitsWrittenOut() {
		for (String number : new String[] { "1e63", "9.99e63", "1e-64", "25.0",
				"0.1000000000000000055511151231257827" }) {
			assertThat(EventJson.read(("{\"total\": " + number + "}").getBytes(StandardCharsets.US_ASCII))
				.get("total")
				.decimalValue()).isEqualByComparingTo(number);
		}
	}

	@Test
	void decodesATreeIntoItsRecordWithTheNumbersAsSent() {
		JsonNode data = EventJson.read(("{\"orderId\": \"o-1\", \"customerId\": \"c-1\", \"lines\": [{\"sku\": \"S\", "
				+ "\"quantity\": 2, \"unitPrice\": 12.50}], \"total\": 25.0, \"currency\": \"EUR\"}")
			.getBytes(StandardCharsets.US_ASCII));

		OrderPlaced placed = EventJson.decode(data, OrderPlaced.class);

		assertThat(placed.total()).isEqualTo(new BigDecimal("25.0"));
		assertThat(placed.lines()).containsExactly(new OrderLine("S", 2, new BigDecimal("12.50")));
	}

	@Test
	void aTreeThatDoesNotFitItsRecordIsMalformed() {
		JsonNode data = EventJson.read(("{\"orderId\": \"o-1\", \"customerId\": \"c-1\", \"lines\": [], "
				+ "\"total\": 0, \"currency\": \"EUR\"}")
			.getBytes(StandardCharsets.US_ASCII));

		assertThatExceptionOfType(MalformedJsonException.class)
			.isThrownBy(() -> EventJson.decode(data, OrderPlaced.class))
			.withMessageContaining("an order has at least one line");
	}

}
