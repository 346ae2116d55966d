/**
 * How event types become the schema of the Pulsar topics that carry them.
 */
@NullMarked
package io.pulsegate.events.pulsar;

import org.jspecify.annotations.NullMarked;
