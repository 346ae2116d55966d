/**
 * Health of what a service depends on, checked the same way by the ingress and the
 * consumers.
 */
@NullMarked
package io.pulsegate.service.health;

import org.jspecify.annotations.NullMarked;
