package io.pulsegate.ingress.admission;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import com.netflix.concurrency.limits.Limiter;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admits a request while its endpoint's limit has room and sheds it otherwise. An
 * admitted request holds its place until its answer is complete, across the asynchronous
 * wait for the broker, and then tells the limit how long it took.
 */
final class AdmissionFilter extends OncePerRequestFilter {

	private final Limiter<HttpServletRequest> limiter;

	private final ShedResponse shed;

	AdmissionFilter(Limiter<HttpServletRequest> limiter, ShedResponse shed) {
		this.limiter = limiter;
		this.shed = shed;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<Limiter.Listener> admission = this.limiter.acquire(request);
		if (admission.isEmpty()) {
			this.shed.write(response);
			return;
		}
		Completion completion = new Completion(admission.get(), response);
		boolean passed = false;
		try {
			chain.doFilter(request, response);
			passed = true;
		}
		finally {
			// Whatever went wrong, an Error too: the place goes back, or the limit
			// shrinks for good by one.
			if (!passed) {
				completion.ignore();
			}
		}
		if (request.isAsyncStarted()) {
			request.getAsyncContext().addListener(completion);
		}
		else {
			completion.complete();
		}
	}

	/**
	 * Gives an admitted request's place back, once, with what its outcome says about the
	 * load: an answer in time grows the limit, one from a broker that could not keep up
	 * shrinks it.
	 */
	private static final class Completion implements AsyncListener {

		private final Limiter.Listener listener;

		private final HttpServletResponse response;

		private final AtomicBoolean released = new AtomicBoolean();

		private Completion(Limiter.Listener listener, HttpServletResponse response) {
			this.listener = listener;
			this.response = response;
		}

		void complete() {
			if (this.released.compareAndSet(false, true)) {
				int status = this.response.getStatus();
				if (status == HttpStatus.SERVICE_UNAVAILABLE.value() || status == HttpStatus.GATEWAY_TIMEOUT.value()) {
					this.listener.onDropped();
				}
				else {
					this.listener.onSuccess();
				}
			}
		}

		void ignore() {
			if (this.released.compareAndSet(false, true)) {
				this.listener.onIgnore();
			}
		}

		@Override
		public void onComplete(AsyncEvent event) {
			complete();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			if (this.released.compareAndSet(false, true)) {
				this.listener.onDropped();
			}
		}

		@Override
		public void onError(AsyncEvent event) {
			ignore();
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

	}

}
