package io.pulsegate.deployment.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One build stage of a Dockerfile.
 *
 * @param baseImage the image of its {@code FROM}
 * @param name its {@code AS} name, or empty
 * @param instructions the instructions after its {@code FROM}
 */
record DockerfileStage(String baseImage, String name, List<DockerInstruction> instructions) {

	List<DockerInstruction> instructions(String keyword) {
		return this.instructions.stream().filter((instruction) -> instruction.keyword().equals(keyword)).toList();
	}

	/**
	 * The instruction of a kind that counts: the last one, as for {@code USER} or
	 * {@code ENTRYPOINT}.
	 * @param keyword such as {@code USER}
	 * @return the last such instruction, or empty
	 */
	Optional<DockerInstruction> last(String keyword) {
		List<DockerInstruction> all = instructions(keyword);
		return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
	}

	/**
	 * A variable the stage's {@code ENV} instructions set, the last one winning.
	 * @param variable the variable's name
	 * @return its value, or empty
	 */
	Optional<String> environment(String variable) {
		Optional<String> value = Optional.empty();
		for (DockerInstruction env : instructions("ENV")) {
			String found = env.keyValuePairs().get(variable);
			if (found != null) {
				value = Optional.of(found);
			}
		}
		return value;
	}

	static final class Builder {

		private final String baseImage;

		private final String name;

		private final List<DockerInstruction> instructions = new ArrayList<>();

		Builder(DockerInstruction from) {
			List<String> words = from.words();
			this.baseImage = words.get(0);
			this.name = (words.size() >= 3 && words.get(1).equalsIgnoreCase("AS")) ? words.get(2) : "";
		}

		void add(DockerInstruction instruction) {
			this.instructions.add(instruction);
		}

		DockerfileStage build() {
			return new DockerfileStage(this.baseImage, this.name, List.copyOf(this.instructions));
		}

	}

}
