package io.pulsegate.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removes the data folders of the servers that tests and the benchmark start for
 * themselves.
 */
public final class Directories {

	private Directories() {
	}

	public static void deleteRecursively(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A leftover directory takes space, nothing more; the server itself is
			// stopped.
		}
	}

}
