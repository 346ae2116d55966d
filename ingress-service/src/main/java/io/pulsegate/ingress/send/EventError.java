package io.pulsegate.ingress.send;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pulsegate.events.schema.Violation;
import org.jspecify.annotations.Nullable;

/**
 * One problem with a request, as reported in a problem document: located by a JSON
 * pointer into the body, or by the name of the header at fault.
 *
 * @param pointer where in the body, {@code ""} for the whole body; {@code null} for a
 * header
 * @param header the header at fault; {@code null} for the body
 * @param detail what is wrong
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EventError(@Nullable String pointer, @Nullable String header, String detail) {

	static EventError at(Violation violation) {
		return new EventError(violation.pointer(), null, violation.detail());
	}

	static EventError at(String pointer, String detail) {
		return new EventError(pointer, null, detail);
	}

	static EventError inHeader(String header, String detail) {
		return new EventError(null, header, detail);
	}

}
