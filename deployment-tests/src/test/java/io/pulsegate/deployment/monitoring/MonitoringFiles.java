package io.pulsegate.deployment.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The files under {@code monitoring/}, found from wherever the tests run: Maven runs them
 * in the module's directory, an IDE often in the repository's.
 */
final class MonitoringFiles {

	private static final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

	private static final ObjectMapper json = new ObjectMapper();

	private static final Path ROOT = findRoot(Path.of("").toAbsolutePath());

	private MonitoringFiles() {
	}

	/**
	 * A file or directory of the monitoring configuration.
	 * @param relative a path relative to {@code monitoring/}
	 * @return the path
	 */
	static Path path(String relative) {
		return ROOT.resolve("monitoring").resolve(relative);
	}

	static JsonNode yaml(String relative) {
		return read(yaml, path(relative));
	}

	static JsonNode json(Path file) {
		return read(json, file);
	}

	private static JsonNode read(ObjectMapper mapper, Path file) {
		try {
			return mapper.readTree(file.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

	// The repository root is the first directory upwards with both mvnw and monitoring/.
	private static Path findRoot(Path start) {
		for (Path directory = start; directory != null; directory = directory.getParent()) {
			if (Files.isRegularFile(directory.resolve("mvnw")) && Files.isDirectory(directory.resolve("monitoring"))) {
				return directory;
			}
		}
		throw new IllegalStateException("No repository root with mvnw and monitoring/ above " + start);
	}

}
