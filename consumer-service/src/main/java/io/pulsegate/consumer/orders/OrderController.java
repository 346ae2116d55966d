package io.pulsegate.consumer.orders;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reads the projection: what the order events made of an order.
 */
@RestController
class OrderController {

	private final Orders orders;

	OrderController(Orders orders) {
		this.orders = orders;
	}

	@GetMapping("/orders/{orderId}")
	Order order(@PathVariable String orderId) {
		return this.orders.find(orderId)
			.orElseThrow(
					() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + orderId + " was placed"));
	}

}
