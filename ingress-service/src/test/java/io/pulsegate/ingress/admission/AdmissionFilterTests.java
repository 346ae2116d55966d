package io.pulsegate.ingress.admission;

import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An admitted request gives its place back however its handling ends.
 */
class AdmissionFilterTests {

	private final SimpleLimiter<HttpServletRequest> limiter = SimpleLimiter.newBuilder()
		.limit(FixedLimit.of(1))
		.build();

	private final AdmissionFilter filter = new AdmissionFilter(this.limiter,
			new ShedResponse(JsonMapper.builder().build(), "/send", 1, new SimpleMeterRegistry().counter("shed")));

	@Test
	void aRequestWhoseHandlingThrowsAnErrorGivesItsPlaceBack() {
		assertThatExceptionOfType(StackOverflowError.class)
			.isThrownBy(() -> this.filter.doFilter(request(), new MockHttpServletResponse(), (request, response) -> {
				throw new StackOverflowError();
			}));

		assertThat(this.limiter.getInflight()).isZero();
	}

	@Test
	void aRequestAnsweredAtOnceGivesItsPlaceBack() throws Exception {
		this.filter.doFilter(request(), new MockHttpServletResponse(), (request, response) -> {
		});

		assertThat(this.limiter.getInflight()).isZero();
	}

	private static MockHttpServletRequest request() {
		return new MockHttpServletRequest("POST", "/send");
	}

}
