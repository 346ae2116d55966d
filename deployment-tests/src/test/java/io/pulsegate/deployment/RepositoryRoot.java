package io.pulsegate.deployment;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The root of the Pulsegate repository, found from the working directory upwards, so that
 * tests read the deployment files wherever Maven or an IDE runs them from.
 */
public final class RepositoryRoot {

	private static final Path root = find(Path.of("").toAbsolutePath());

	private RepositoryRoot() {
	}

	/**
	 * A path in the repository.
	 * @param relative such as {@code k8s/base}
	 * @return the absolute path
	 */
	public static Path resolve(String relative) {
		return root.resolve(relative);
	}

	static Path find(Path start) {
		for (Path directory = start; directory != null; directory = directory.getParent()) {
			if (Files.isRegularFile(directory.resolve("mvnw"))
					&& Files.isRegularFile(directory.resolve("deployment-tests/pom.xml"))) {
				return directory;
			}
		}
		throw new IllegalStateException("No Pulsegate repository (mvnw, deployment-tests/) at or above " + start);
	}

}
