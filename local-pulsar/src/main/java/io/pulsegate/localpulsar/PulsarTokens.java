package io.pulsegate.localpulsar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Secret keys and JSON Web Tokens for a broker's token authentication
 * ({@code AuthenticationProviderToken}), made by Pulsar's own {@code TokensCliUtils} on
 * the broker's classpath, as {@code bin/pulsar tokens} makes them.
 */
public final class PulsarTokens {

	private static final String TOOL = "org.apache.pulsar.utils.auth.tokens.TokensCliUtils";

	private PulsarTokens() {
	}

	/**
	 * Writes a new HMAC secret key, for the broker's {@code tokenSecretKey=file://...}.
	 * @param file where to write it
	 * @return the file
	 */
	public static Path createSecretKey(Path file) {
		run(List.of("create-secret-key", "--output", file.toAbsolutePath().toString()));
		return file;
	}

	/**
	 * Signs a token whose subject is a role, without expiry.
	 * @param secretKey the secret key file the broker validates tokens with
	 * @param role the role the token authenticates as
	 * @return the token
	 */
	public static String createToken(Path secretKey, String role) {
		List<String> output = run(
				List.of("create", "--secret-key", secretKey.toAbsolutePath().toUri().toString(), "--subject", role));
		return output.get(output.size() - 1).strip();
	}

	private static List<String> run(List<String> arguments) {
		try {
			Process process = new ProcessBuilder(BrokerCommand.tool(TOOL, arguments)).redirectErrorStream(true).start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int exitCode = process.waitFor();
			if (exitCode != 0) {
				throw new IllegalStateException(
						"TokensCliUtils " + arguments.get(0) + " exited with code " + exitCode + ":\n" + output);
			}
			return output.lines().filter((line) -> !line.isBlank()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running TokensCliUtils", ex);
		}
	}

}
