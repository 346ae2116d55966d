package io.pulsegate.ingress.send;

/**
 * Too many publishes are in flight: the request was refused at once so that memory stays
 * bounded, and the client should retry shortly.
 */
class OverloadedException extends RuntimeException {

	OverloadedException() {
		super("Too many events are waiting for the broker");
	}

}
