package io.pulsegate.consumer.orders;

/**
 * Where an order stands. It moves from placed to paid, and from placed or paid to
 * cancelled; nothing else.
 */
public enum OrderStatus {

	PLACED, PAID, CANCELLED

}
