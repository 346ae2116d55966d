package io.pulsegate.consumer.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TraceParentTests {

	@Test
	void readsTheTraceIdOfAW3cTraceparent() {
		assertThat(TraceParent.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
			.isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
	}

	@Test
	void acceptsFieldsALaterVersionAdds() {
		assertThat(TraceParent.traceId("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-later"))
			.isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
	}

	@Test
	void hasNoTraceIdWithoutATraceparent() {
		assertThat(TraceParent.traceId(null)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
			"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
			"00-00000000000000000000000000000000-00f067aa0ba902b7-01",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
			"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra" })
	void hasNoTraceIdForAMalformedOne(String traceparent) {
		assertThat(TraceParent.traceId(traceparent)).isNull();
	}

}
