package io.pulsegate.ingress.send;

import java.util.List;

/**
 * An event that breaks its contract; nothing of it was published.
 */
class InvalidEventException extends RuntimeException {

	private final List<EventError> errors;

	InvalidEventException(List<EventError> errors) {
		super(errors.size() + " problem(s), the first: " + errors.get(0));
		this.errors = List.copyOf(errors);
	}

	static InvalidEventException at(String pointer, String detail) {
		return new InvalidEventException(List.of(EventError.at(pointer, detail)));
	}

	List<EventError> errors() {
		return this.errors;
	}

}
