package io.pulsegate.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessagePropertiesTests {

	@Test
	void aCountPropertyReadsAsItsNumber() {
		assertThat(MessageProperties.count("3")).isEqualTo(3);
	}

	@Test
	void anAbsentOrForgedCountReadsAsNone() {
		assertThat(MessageProperties.count(null)).isZero();
		assertThat(MessageProperties.count("three")).isZero();
		assertThat(MessageProperties.count("-4")).isZero();
		assertThat(MessageProperties.count("99999999999")).isZero();
	}

}
