package io.pulsegate.ingress.send;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.web.server.PayloadTooLargeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BodyReaderTests {

	private final BodyReader reader = new BodyReader(10);

	@Test
	void readsABodyOfItsDeclaredLength() throws IOException {
		assertThat(this.reader.read(body("{\"a\":1}"), 7)).asString(StandardCharsets.UTF_8).isEqualTo("{\"a\":1}");
	}

	@Test
	void readsABodyWithoutADeclaredLengthUpToTheLimit() throws IOException {
		assertThat(this.reader.read(body("0123456789"), -1)).asString(StandardCharsets.UTF_8).isEqualTo("0123456789");
		assertThat(this.reader.read(body(""), -1)).isEmpty();
	}

	@Test
	void refusesABodyOverTheLimitWhetherDeclaredOrNot() {
		assertThatExceptionOfType(PayloadTooLargeException.class)
			.isThrownBy(() -> this.reader.read(body("01234567890"), 11));
		assertThatExceptionOfType(PayloadTooLargeException.class)
			.isThrownBy(() -> this.reader.read(body("01234567890"), -1));
	}

	@Test
	void returnsWhatCameOfABodyShorterThanDeclared() throws IOException {
		assertThat(this.reader.read(body("{}"), 5)).asString(StandardCharsets.UTF_8).isEqualTo("{}");
	}

	@Test
	void readsOnPastTheDeclaredLengthAndHoldsThatToTheLimit() throws IOException {
		assertThat(this.reader.read(body("0123456"), 3)).asString(StandardCharsets.UTF_8).isEqualTo("0123456");
		assertThatExceptionOfType(PayloadTooLargeException.class)
			.isThrownBy(() -> this.reader.read(body("0123456789ABC"), 3));
	}

	private static ByteArrayInputStream body(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}

}
