package io.pulsegate.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The root folder of the Pulsegate repository, where the deployment files live. Maven
 * runs the tests in the module's folder, an IDE perhaps elsewhere in the tree: the root
 * is the nearest folder at or above the working directory that holds the wrapper and the
 * parent pom.
 */
public final class RepositoryRoot {

	private static final String PARENT_ARTIFACT = "<artifactId>pulsegate-build</artifactId>";

	private RepositoryRoot() {
	}

	/**
	 * The repository root above the working directory.
	 * @return its absolute path
	 */
	public static Path path() {
		return findFrom(Path.of(""));
	}

	/**
	 * A file or folder of the repository.
	 * @param relativePath a path relative to the root, such as {@code docker-compose.yml}
	 * @return its absolute path
	 */
	public static Path resolve(String relativePath) {
		return path().resolve(relativePath);
	}

	/**
	 * The repository root at or above a folder.
	 * @param start where to start looking
	 * @return the root's absolute path
	 * @throws IllegalStateException if no folder at or above {@code start} is the root
	 */
	public static Path findFrom(Path start) {
		for (Path folder = start.toAbsolutePath().normalize(); folder != null; folder = folder.getParent()) {
			if (isRoot(folder)) {
				return folder;
			}
		}
		throw new IllegalStateException("No Pulsegate repository root at or above " + start.toAbsolutePath());
	}

	private static boolean isRoot(Path folder) {
		Path pom = folder.resolve("pom.xml");
		if (!Files.isRegularFile(pom) || !Files.isRegularFile(folder.resolve("mvnw"))) {
			return false;
		}
		try {
			return Files.readString(pom).contains(PARENT_ARTIFACT);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
