package io.pulsegate.ingress.send;

/**
 * Valid order event documents for tests.
 */
final class OrderJson {

	private OrderJson() {
	}

	static String placedData(String orderId) {
		return """
				{"orderId": "%s", "customerId": "c-1", "lines": [{"sku": "BOOK-1", "quantity": 2, "unitPrice": 12.5}],
				 "total": 25.0, "currency": "EUR"}""".formatted(orderId);
	}

	static String placed(String orderId) {
		return "{\"type\": \"order.placed\", \"data\": " + placedData(orderId) + "}";
	}

	static String paid(String orderId) {
		return """
				{"type": "order.paid", "data": {"orderId": "%s", "paymentId": "p-1", "amount": 25.0, "currency": "EUR"}}"""
			.formatted(orderId);
	}

}
