package io.pulsegate.consumer.orders;

/**
 * An event for an order the projection has not seen placed. Its placement may still be on
 * its way (it failed once and is being delivered again), so this is retried like any
 * failure and dead-lettered only when retries run out.
 */
class OrderNotPlacedException extends RuntimeException {

	OrderNotPlacedException(String orderId, String type) {
		super(type + " for order " + orderId + ", which has not been placed");
	}

}
