package io.pulsegate.ingress.send;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An asynchronous answer is written once, and never while a filter of the request's own
 * dispatch may still touch the response.
 */
class DispatchHandoffTests {

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/send");

	private final List<String> events = new ArrayList<>();

	@Test
	void anAnswerThatComesDuringTheDispatchIsWrittenWhenTheDispatchHasReturned() throws Exception {
		new DispatchHandoff.Filter().doFilter(this.request, new MockHttpServletResponse(), (request, response) -> {
			DispatchHandoff.of(request).answer(() -> this.events.add("answer written"));
			this.events.add("filters on their way out");
		});

		assertThat(this.events).containsExactly("filters on their way out", "answer written");
	}

	@Test
	void anAnswerThatComesAfterTheDispatchIsWrittenAtOnce() throws Exception {
		new DispatchHandoff.Filter().doFilter(this.request, new MockHttpServletResponse(),
				(request, response) -> this.events.add("dispatch"));

		DispatchHandoff.of(this.request).answer(() -> this.events.add("answer written"));

		assertThat(this.events).containsExactly("dispatch", "answer written");
	}

	@Test
	void anAnswerToARequestThatDidNotPassTheFilterIsWrittenAtOnce() {
		DispatchHandoff.of(this.request).answer(() -> this.events.add("answer written"));

		assertThat(this.events).containsExactly("answer written");
	}

}
