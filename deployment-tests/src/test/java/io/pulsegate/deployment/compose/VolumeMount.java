package io.pulsegate.deployment.compose;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A volume or bind mount of a compose service.
 *
 * @param source a named volume, or a host path (starting with {@code .} or {@code /})
 * @param target the path in the container
 * @param readOnly whether it is mounted read-only
 */
record VolumeMount(String source, String target, boolean readOnly) {

	static VolumeMount parse(String value) {
		String[] parts = value.split(":");
		if (parts.length < 2) {
			throw new IllegalArgumentException("Unsupported volume syntax (anonymous volume?): " + value);
		}
		return new VolumeMount(parts[0], parts[1], parts.length > 2 && List.of(parts[2].split(",")).contains("ro"));
	}

	static VolumeMount of(JsonNode longSyntax) {
		return new VolumeMount(longSyntax.path("source").asText(), longSyntax.path("target").asText(),
				longSyntax.path("read_only").asBoolean(false));
	}

	boolean isBindMount() {
		return this.source.startsWith(".") || this.source.startsWith("/");
	}

}
