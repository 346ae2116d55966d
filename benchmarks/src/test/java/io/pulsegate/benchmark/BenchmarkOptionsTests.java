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
		assertThat(options.overrides().ingress()).isEmpty();
		assertThat(options.overrides().consumer()).isEmpty();
		assertThat(options.overrides().ingressJvm()).isEmpty();
		assertThat(options.overrides().consumerJvm()).isEmpty();
	}

	@Test
	void takesTheEndToEndRunAloneWithSettingsAndJvmOptionsForEachService() {
		BenchmarkOptions options = BenchmarkOptions.parse(new String[] { "--end-to-end-only", "--warm-up", "60",
				"--consumer-property", "pulsegate.consumer.batch.timeout=1ms", "--ingress-property",
				"server.tomcat.threads.max=32", "--ingress-jvm-option", "-XX:MaxTenuringThreshold=2",
				"--consumer-jvm-option", "-XX:+AlwaysPreTouch" });

		assertThat(options.endToEndOnly()).isTrue();
		assertThat(options.warmUp()).isEqualTo(Duration.ofSeconds(60));
		assertThat(options.overrides().consumer()).isEqualTo(Map.of("pulsegate.consumer.batch.timeout", "1ms"));
		assertThat(options.overrides().ingress()).isEqualTo(Map.of("server.tomcat.threads.max", "32"));
		assertThat(options.overrides().ingressJvm()).containsExactly("-XX:MaxTenuringThreshold=2");
		assertThat(options.overrides().consumerJvm()).containsExactly("-XX:+AlwaysPreTouch");
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
