package io.pulsegate.ingress.send;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps an asynchronous answer from being written while the request's own dispatch is
 * still on its way out. Until every filter has returned, some still touch the response
 * (Spring Security writes its headers on the way out), and a response is not safe for two
 * threads at once: an answer that comes before then is written by the request's thread,
 * as the last thing its dispatch does; one that comes after by the thread that brings it.
 */
final class DispatchHandoff {

	private static final String ATTRIBUTE = DispatchHandoff.class.getName();

	private static final Runnable RETURNED = () -> {
	};

	private final AtomicReference<@Nullable Runnable> state = new AtomicReference<>();

	/** The handoff of a request that did not pass {@link Filter}: answers at once. */
	private static final DispatchHandoff NONE = new DispatchHandoff();

	static {
		NONE.state.set(RETURNED);
	}

	/**
	 * The handoff of a request, taken while its dispatch runs.
	 * @param request the request
	 * @return its handoff
	 */
	static DispatchHandoff of(ServletRequest request) {
		DispatchHandoff handoff = (DispatchHandoff) request.getAttribute(ATTRIBUTE);
		return (handoff != null) ? handoff : NONE;
	}

	/**
	 * Writes an answer now if the request's dispatch has returned, or has it written when
	 * it does.
	 * @param write writes the answer and completes the request
	 */
	void answer(Runnable write) {
		if (!this.state.compareAndSet(null, write)) {
			write.run();
		}
	}

	private void dispatchReturned() {
		Runnable pending = this.state.getAndSet(RETURNED);
		if (pending != null) {
			pending.run();
		}
	}

	/**
	 * Outermost of the filters of the endpoints that answer asynchronously by themselves:
	 * marks the end of the request's dispatch.
	 */
	static final class Filter extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			DispatchHandoff handoff = new DispatchHandoff();
			request.setAttribute(ATTRIBUTE, handoff);
			try {
				chain.doFilter(request, response);
			}
			finally {
				handoff.dispatchReturned();
			}
		}

	}

}
