package io.pulsegate.ingress.send;

/**
 * The broker did not acknowledge a publish in time or refused it: the client should retry
 * later.
 */
class BrokerUnavailableException extends RuntimeException {

	BrokerUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
