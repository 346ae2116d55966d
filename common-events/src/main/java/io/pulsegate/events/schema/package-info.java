/**
 * Event types, their JSON Schemas, and validation that reports every violation with a
 * JSON pointer.
 */
@NullMarked
package io.pulsegate.events.schema;

import org.jspecify.annotations.NullMarked;
