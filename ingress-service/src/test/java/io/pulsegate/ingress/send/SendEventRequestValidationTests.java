package io.pulsegate.ingress.send;

import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class SendEventRequestValidationTests {

	private static ValidatorFactory factory;

	private static Validator validator;

	private static final ObjectNode DATA = JsonMapper.shared().createObjectNode().put("orderId", "o-1");

	@BeforeAll
	static void createValidator() {
		factory = Validation.buildDefaultValidatorFactory();
		validator = factory.getValidator();
	}

	@AfterAll
	static void closeValidator() {
		factory.close();
	}

	@Test
	void aTypeAndDataAreEnough() {
		assertThat(validator.validate(new SendEventRequest(null, "order.placed", null, null, null, null, DATA)))
			.isEmpty();
	}

	@Test
	void typeAndDataAreRequired() {
		Set<ConstraintViolation<SendEventRequest>> violations = validator
			.validate(new SendEventRequest(null, " ", null, null, null, null, null));

		assertThat(violations).extracting((violation) -> violation.getPropertyPath().toString())
			.containsExactlyInAnyOrder("type", "data");
	}

	@Test
	void anEmptyKeyIsRejectedRatherThanTreatedAsNoKey() {
		assertThat(validator.validate(new SendEventRequest(null, "order.placed", null, null, "", null, DATA)))
			.extracting((violation) -> violation.getPropertyPath().toString())
			.containsExactly("key");
	}

	@Test
	void headersMustNotImpersonateCloudEventsAttributes() {
		Set<ConstraintViolation<SendEventRequest>> violations = validator.validate(
				new SendEventRequest(null, "order.placed", null, null, null, Map.of("ce_type", "x", "ok", "y"), DATA));

		assertThat(violations).singleElement()
			.satisfies((violation) -> assertThat(violation.getPropertyPath().toString()).startsWith("headers"));
	}

}
