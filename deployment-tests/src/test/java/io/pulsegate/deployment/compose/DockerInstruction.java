package io.pulsegate.deployment.compose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One Dockerfile instruction, continuation lines joined.
 *
 * @param keyword the instruction in capitals, such as {@code COPY}
 * @param arguments everything after the keyword
 */
record DockerInstruction(String keyword, String arguments) {

	private static final ObjectMapper JSON = new ObjectMapper();

	static DockerInstruction parse(String line) {
		String[] parts = line.strip().split("\\s+", 2);
		return new DockerInstruction(parts[0].toUpperCase(Locale.ROOT), (parts.length > 1) ? parts[1].strip() : "");
	}

	/**
	 * The leading {@code --name=value} options, such as {@code --from=layers}.
	 * @return option names without dashes, and their values
	 */
	Map<String, String> flags() {
		Map<String, String> flags = new LinkedHashMap<>();
		for (String word : this.arguments.split("\\s+")) {
			if (!word.startsWith("--")) {
				break;
			}
			String[] parts = word.substring(2).split("=", 2);
			flags.put(parts[0], (parts.length > 1) ? parts[1] : "true");
		}
		return flags;
	}

	/**
	 * The arguments after the leading options.
	 * @return the rest of the instruction
	 */
	String body() {
		String body = this.arguments;
		while (body.startsWith("--")) {
			String[] parts = body.split("\\s+", 2);
			body = (parts.length > 1) ? parts[1] : "";
		}
		return body;
	}

	boolean isExecForm() {
		return body().startsWith("[");
	}

	/**
	 * The body's words: the elements of an exec-form JSON array, else the words separated
	 * by white space.
	 * @return the words
	 */
	List<String> words() {
		if (isExecForm()) {
			try {
				return JSON.readValue(body(), new TypeReference<List<String>>() {
				});
			}
			catch (JsonProcessingException ex) {
				throw new IllegalStateException("Malformed exec form: " + this, ex);
			}
		}
		return Arrays.asList(body().split("\\s+"));
	}

	/**
	 * The {@code key=value} pairs of an {@code ENV} or {@code LABEL}, values unquoted.
	 * @return keys and values in order
	 */
	Map<String, String> keyValuePairs() {
		Map<String, String> pairs = new LinkedHashMap<>();
		List<String> tokens = shellWords(this.arguments);
		if (tokens.size() == 2 && !tokens.get(0).contains("=")) {
			// The legacy form: ENV key value
			pairs.put(tokens.get(0), tokens.get(1));
			return pairs;
		}
		for (String token : tokens) {
			String[] parts = token.split("=", 2);
			pairs.put(parts[0], (parts.length > 1) ? parts[1] : "");
		}
		return pairs;
	}

	// Splits on unquoted white space and removes the quotes, as Docker reads ENV.
	private static List<String> shellWords(String text) {
		List<String> words = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		char quote = 0;
		boolean inWord = false;
		for (char c : text.toCharArray()) {
			if (quote != 0) {
				if (c == quote) {
					quote = 0;
				}
				else {
					word.append(c);
				}
			}
			else if (c == '"' || c == '\'') {
				quote = c;
				inWord = true;
			}
			else if (Character.isWhitespace(c)) {
				if (inWord) {
					words.add(word.toString());
					word.setLength(0);
					inWord = false;
				}
			}
			else {
				word.append(c);
				inWord = true;
			}
		}
		if (inWord) {
			words.add(word.toString());
		}
		return words;
	}

}
