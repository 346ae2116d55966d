package io.pulsegate.ingress.send;

import java.util.List;

import io.pulsegate.events.schema.Violation;

/**
 * An event that breaks its contract; nothing of it was published.
 */
class InvalidEventException extends RuntimeException {

	private final List<Violation> violations;

	InvalidEventException(List<Violation> violations) {
		super(violations.size() + " violation(s), the first at '" + violations.get(0).pointer() + "': "
				+ violations.get(0).detail());
		this.violations = List.copyOf(violations);
	}

	List<Violation> violations() {
		return this.violations;
	}

}
