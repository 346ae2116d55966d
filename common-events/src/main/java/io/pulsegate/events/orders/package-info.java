/**
 * The example domain: an order's life as events, all keyed by order id so that one
 * order's events stay in order.
 */
@NullMarked
package io.pulsegate.events.orders;

import org.jspecify.annotations.NullMarked;
