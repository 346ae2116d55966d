package io.pulsegate.deployment.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed Dockerfile: its instructions, with continuation lines joined and comments
 * dropped as Docker does, grouped into build stages.
 *
 * @param file where it was read from
 * @param stages its stages in order
 */
record Dockerfile(Path file, List<DockerfileStage> stages) {

	static Dockerfile parse(Path file) {
		try {
			return parse(file, Files.readAllLines(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Dockerfile parse(Path file, List<String> lines) {
		List<DockerfileStage> stages = new ArrayList<>();
		DockerfileStage.Builder stage = null;
		for (DockerInstruction instruction : instructions(lines)) {
			if (instruction.keyword().equals("FROM")) {
				if (stage != null) {
					stages.add(stage.build());
				}
				stage = new DockerfileStage.Builder(instruction);
			}
			else if (stage == null) {
				if (!instruction.keyword().equals("ARG")) {
					throw new IllegalStateException(file + ": " + instruction.keyword() + " before the first FROM");
				}
			}
			else {
				stage.add(instruction);
			}
		}
		if (stage != null) {
			stages.add(stage.build());
		}
		return new Dockerfile(file, List.copyOf(stages));
	}

	DockerfileStage firstStage() {
		return this.stages.get(0);
	}

	DockerfileStage finalStage() {
		return this.stages.get(this.stages.size() - 1);
	}

	private static List<DockerInstruction> instructions(List<String> lines) {
		List<DockerInstruction> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : lines) {
			String stripped = line.strip();
			if (stripped.isEmpty() || stripped.startsWith("#")) {
				continue;
			}
			if (stripped.endsWith("\\")) {
				current.append(stripped.substring(0, stripped.length() - 1).stripTrailing()).append(' ');
				continue;
			}
			current.append(stripped);
			instructions.add(DockerInstruction.parse(current.toString()));
			current.setLength(0);
		}
		if (!current.isEmpty()) {
			instructions.add(DockerInstruction.parse(current.toString()));
		}
		return instructions;
	}

}
