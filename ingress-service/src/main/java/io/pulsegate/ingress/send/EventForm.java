package io.pulsegate.ingress.send;

import java.util.Map;

import io.pulsegate.events.schema.Violation;

/**
 * The three ways a request can carry an event, and where in the request each of them puts
 * what the envelope calls a pointer: problems are reported where the client wrote the
 * offending value.
 */
enum EventForm {

	/** The plain envelope of {@code POST /send}: pointers stay as they are. */
	ENVELOPE {
		@Override
		EventError locate(Violation violation) {
			return EventError.at(violation);
		}
	},

	/**
	 * CloudEvents structured mode: the envelope's key is the {@code partitionkey}
	 * attribute, and its headers are extension attributes beside {@code data}.
	 */
	STRUCTURED {
		@Override
		EventError locate(Violation violation) {
			String pointer = violation.pointer();
			if (pointer.startsWith("/headers/")) {
				return EventError.at(pointer.substring("/headers".length()), violation.detail());
			}
			if (pointer.isEmpty()) {
				return EventError.at(violation);
			}
			return EventError.at("/" + attribute(pointer.substring(Math.min(1, pointer.length()))), violation.detail());
		}
	},

	/**
	 * CloudEvents binary mode: the body is the data, and every attribute is a {@code ce-}
	 * header.
	 */
	BINARY {
		@Override
		EventError locate(Violation violation) {
			String pointer = violation.pointer();
			if (pointer.equals("/data") || pointer.startsWith("/data/")) {
				return EventError.at(pointer.substring("/data".length()), violation.detail());
			}
			if (pointer.startsWith("/headers/")) {
				return EventError.inHeader("ce-" + pointer.substring("/headers/".length()), violation.detail());
			}
			if (pointer.isEmpty()) {
				return EventError.at(violation);
			}
			return EventError.inHeader("ce-" + attribute(pointer.substring(1)), violation.detail());
		}
	};

	abstract EventError locate(Violation violation);

	/** The CloudEvents attribute that carries an envelope field. */
	private static String attribute(String envelopeField) {
		return CloudEvents.RENAMED.entrySet()
			.stream()
			.filter((renamed) -> renamed.getValue().equals(envelopeField))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(envelopeField);
	}

}
