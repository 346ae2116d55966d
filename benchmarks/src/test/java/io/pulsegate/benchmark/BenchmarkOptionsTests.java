package io.pulsegate.benchmark;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchmarkOptionsTests {

	@Test
	void runsEveryPhaseByDefault() {
		BenchmarkOptions options = BenchmarkOptions.parse(new String[0]);

		assertThat(options.peakOnly()).isFalse();
		assertThat(options.endToEndOnly()).isFalse();
		assertThat(options.warmUp()).isEqualTo(Duration.ofSeconds(120));
		assertThat(options.ingressProperties()).isEmpty();
		assertThat(options.consumerProperties()).isEmpty();
	}

	@Test
	void takesTheEndToEndRunAloneWithSettingsForEachService() {
		BenchmarkOptions options = BenchmarkOptions
			.parse(new String[] { "--end-to-end-only", "--warm-up", "60", "--consumer-property",
					"pulsegate.consumer.batch.timeout=1ms", "--ingress-property", "server.tomcat.threads.max=32" });

		assertThat(options.endToEndOnly()).isTrue();
		assertThat(options.warmUp()).isEqualTo(Duration.ofSeconds(60));
		assertThat(options.consumerProperties()).isEqualTo(Map.of("pulsegate.consumer.batch.timeout", "1ms"));
		assertThat(options.ingressProperties()).isEqualTo(Map.of("server.tomcat.threads.max", "32"));
	}

	@Test
	void refusesAPropertyWithoutAValueAndPhasesThatExcludeEachOther() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--consumer-property", "no-equals-sign" }))
			.withMessageContaining("key=value");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--peak-only", "--end-to-end-only" }))
			.withMessageContaining("exclude each other");
	}

}
