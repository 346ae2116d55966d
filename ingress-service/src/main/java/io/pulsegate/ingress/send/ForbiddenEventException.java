package io.pulsegate.ingress.send;

/**
 * The caller's tenant may not publish this event: the type is routed for another tenant,
 * or the credentials name no tenant at all.
 */
class ForbiddenEventException extends RuntimeException {

	ForbiddenEventException(String message) {
		super(message);
	}

}
