/**
 * Watching this service's subscriptions on the broker: backlog for autoscaling, and
 * dispatch that stopped although it should not have.
 */
@NullMarked
package io.pulsegate.consumer.subscriptions;

import org.jspecify.annotations.NullMarked;
