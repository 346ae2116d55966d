/**
 * How both services' Pulsar clients reach a broker over TLS.
 */
@NullMarked
package io.pulsegate.service.pulsar;

import org.jspecify.annotations.NullMarked;
