/**
 * The event contract shared by the ingress and the consumers: what an event carries
 * besides its data, and how that maps onto a Pulsar message. Free of Spring.
 */
@NullMarked
package io.pulsegate.events;

import org.jspecify.annotations.NullMarked;
