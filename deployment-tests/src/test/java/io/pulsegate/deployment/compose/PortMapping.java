package io.pulsegate.deployment.compose;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A published port of a compose service.
 *
 * @param hostIp the host address it listens on; empty for all addresses
 * @param hostPort the port on the host; empty for one Docker picks
 * @param containerPort the port in the container
 */
record PortMapping(String hostIp, String hostPort, int containerPort) {

	/**
	 * Reads the short syntax: {@code [[host_ip:]host_port:]container_port[/protocol]}.
	 * @param value such as {@code 127.0.0.1:8081:8081}
	 * @return the mapping
	 */
	static PortMapping parse(String value) {
		String[] parts = value.split("/")[0].split(":");
		return switch (parts.length) {
			case 1 -> new PortMapping("", "", Integer.parseInt(parts[0]));
			case 2 -> new PortMapping("", parts[0], Integer.parseInt(parts[1]));
			case 3 -> new PortMapping(parts[0], parts[1], Integer.parseInt(parts[2]));
			default -> throw new IllegalArgumentException("Unsupported port syntax: " + value);
		};
	}

	static PortMapping of(JsonNode longSyntax) {
		return new PortMapping(longSyntax.path("host_ip").asText(""), longSyntax.path("published").asText(""),
				longSyntax.path("target").asInt());
	}

}
