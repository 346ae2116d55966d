package io.pulsegate.deployment.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore}: which files of the build context go to the builder. The last
 * matching pattern wins; {@code !} lets a file back in; a pattern that matches a folder
 * matches everything in it.
 *
 * @param patterns the patterns, comments and blank lines dropped
 */
record DockerIgnore(List<String> patterns) {

	static DockerIgnore read(Path file) {
		try {
			return new DockerIgnore(Files.readAllLines(file)
				.stream()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether a file of the context reaches the builder.
	 * @param path the file's path in the context, with {@code /} separators
	 * @return whether it is sent
	 */
	boolean sends(String path) {
		boolean sent = true;
		for (String pattern : this.patterns) {
			boolean exception = pattern.startsWith("!");
			String glob = exception ? pattern.substring(1) : pattern;
			if (matches(glob, path)) {
				sent = exception;
			}
		}
		return sent;
	}

	private static boolean matches(String glob, String path) {
		Pattern pattern = Pattern.compile(regex(glob.replaceAll("^/+", "").replaceAll("/+$", "")));
		String candidate = path;
		while (true) {
			if (pattern.matcher(candidate).matches()) {
				return true;
			}
			int slash = candidate.lastIndexOf('/');
			if (slash < 0) {
				return false;
			}
			candidate = candidate.substring(0, slash);
		}
	}

	private static String regex(String glob) {
		StringBuilder regex = new StringBuilder();
		for (int i = 0; i < glob.length(); i++) {
			char c = glob.charAt(i);
			if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
				regex.append(".*");
				i++;
			}
			else if (c == '*') {
				regex.append("[^/]*");
			}
			else if (c == '?') {
				regex.append("[^/]");
			}
			else {
				regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return regex.toString();
	}

}
