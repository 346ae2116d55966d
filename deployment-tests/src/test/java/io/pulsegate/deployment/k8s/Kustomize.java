package io.pulsegate.deployment.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.pulsegate.deployment.RepositoryRoot;

/**
 * Renders a kustomization as {@code kubectl apply -k} would apply it, with the real
 * {@code kubectl kustomize}. Uses {@code kubectl} from the PATH, or the one the
 * {@code KUBECTL} environment variable names. Each directory is rendered once per JVM.
 */
final class Kustomize {

	private static final Map<String, Manifests> rendered = new ConcurrentHashMap<>();

	private Kustomize() {
	}

	/**
	 * Renders a kustomization directory.
	 * @param directory relative to the repository root, such as
	 * {@code k8s/overlays/local}
	 * @return the objects it yields
	 */
	static Manifests render(String directory) {
		return rendered.computeIfAbsent(directory, Kustomize::run);
	}

	private static Manifests run(String directory) {
		String kubectl = System.getenv().getOrDefault("KUBECTL", "kubectl");
		List<String> command = List.of(kubectl, "kustomize", RepositoryRoot.resolve(directory).toString());
		Path errors = null;
		Process process = null;
		try {
			errors = Files.createTempFile("kustomize", ".err");
			try {
				process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Rendering " + directory + " needs kubectl, which could not be run as '"
						+ kubectl + "': install kubectl 1.14 or newer (Debian: apt-get install kubernetes-client)"
						+ " or set KUBECTL to its path", ex);
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				throw new IllegalStateException(String.join(" ", command) + " did not finish within 2 minutes");
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
						+ "):\n" + Files.readString(errors));
			}
			return Manifests.parse(output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while rendering " + directory, ex);
		}
		finally {
			if (process != null) {
				process.destroyForcibly();
			}
			deleteQuietly(errors);
		}
	}

	private static void deleteQuietly(Path file) {
		if (file == null) {
			return;
		}
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// A leftover file in the temporary directory does no harm.
		}
	}

}
