package io.pulsegate.deployment.k8s;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.pulsegate.deployment.ExternalCommand;
import io.pulsegate.deployment.RepositoryRoot;

/**
 * Renders a kustomization as {@code kubectl apply -k} would apply it, with the real
 * {@code kubectl kustomize}. Uses {@code kubectl} from the PATH, or the one the
 * {@code KUBECTL} environment variable names. Each directory is rendered once per JVM.
 */
final class Kustomize {

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

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
		ExternalCommand.Result result = new ExternalCommand(
				List.of(ExternalCommand.executable("KUBECTL", "kubectl"), "kustomize",
						RepositoryRoot.resolve(directory).toString()),
				RepositoryRoot.path(), TIMEOUT,
				"rendering " + directory
						+ " needs kubectl 1.14 or newer (Debian: apt-get install kubernetes-client), or KUBECTL set to its path")
			.run();
		if (!result.succeeded()) {
			throw new IllegalStateException("kubectl kustomize " + directory + " failed with " + result);
		}
		return Manifests.parse(result.output());
	}

}
