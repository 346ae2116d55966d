package io.pulsegate.deployment.compose;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How Dockerfiles and {@code .dockerignore} files are read.
 */
class DockerfileParsingTests {

	private static final Path FILE = Path.of("Dockerfile");

	@Test
	void groupsInstructionsIntoStagesAndJoinsContinuationLines() {
		Dockerfile dockerfile = Dockerfile.parse(FILE,
				List.of("ARG BASE=jre", "# a comment", "FROM jdk AS build", "RUN echo one \\",
						"  # a comment inside the instruction", "  two", "", "FROM jre", "COPY --from=build /a/ ./",
						"ENV A=1 B=\"two words\"", "ENV C 3", "USER 10001:10001"));
		assertThat(dockerfile.stages()).extracting(DockerfileStage::baseImage).containsExactly("jdk", "jre");
		assertThat(dockerfile.firstStage().name()).isEqualTo("build");
		assertThat(dockerfile.firstStage().instructions()).singleElement()
			.isEqualTo(new DockerInstruction("RUN", "echo one two"));
		DockerfileStage runtime = dockerfile.finalStage();
		assertThat(runtime.name()).isEmpty();
		DockerInstruction copy = runtime.last("COPY").orElseThrow();
		assertThat(copy.flags()).containsEntry("from", "build");
		assertThat(copy.words()).containsExactly("/a/", "./");
		assertThat(runtime.environment("B")).contains("two words");
		assertThat(runtime.environment("C")).contains("3");
		assertThat(runtime.last("USER")).map(DockerInstruction::body).contains("10001:10001");
	}

	@Test
	void readsTheExecFormAsJsonAndOptionsBeforeTheBody() {
		DockerInstruction entrypoint = DockerInstruction.parse("ENTRYPOINT [\"java\", \"-jar\", \"a b.jar\"]");
		assertThat(entrypoint.isExecForm()).isTrue();
		assertThat(entrypoint.words()).containsExactly("java", "-jar", "a b.jar");
		DockerInstruction healthcheck = DockerInstruction.parse("HEALTHCHECK --interval=10s --retries=3 CMD curl -f x");
		assertThat(healthcheck.flags()).containsEntry("interval", "10s").containsEntry("retries", "3");
		assertThat(healthcheck.body()).isEqualTo("CMD curl -f x");
		assertThat(healthcheck.isExecForm()).isFalse();
	}

	@Test
	void refusesInstructionsBeforeTheFirstStage() {
		assertThatIllegalStateException().isThrownBy(() -> Dockerfile.parse(FILE, List.of("RUN true", "FROM jre")));
	}

	@Test
	void aDockerIgnoreSendsWhatItsLastMatchingPatternAllows() {
		DockerIgnore ignore = new DockerIgnore(List.of("*", "!target/app-exec.jar", "target/*.tmp"));
		assertThat(ignore.sends("target/app-exec.jar")).isTrue();
		assertThat(ignore.sends("target/app.jar")).isFalse();
		assertThat(ignore.sends("src/main/java/App.java")).isFalse();
		assertThat(ignore.sends("pom.xml")).isFalse();
		assertThat(new DockerIgnore(List.of("target")).sends("target/classes/a.class")).isFalse();
		assertThat(new DockerIgnore(List.of("**/*.log")).sends("a/b/c.log")).isFalse();
		assertThat(new DockerIgnore(List.of()).sends("anything")).isTrue();
	}

	@Test
	void aComposeValueIsAVariableOnlyWhenItIsOneReference() {
		assertThat(ComposeVariable.of("${KEY:-local-dev-key}")).contains(new ComposeVariable("KEY", "local-dev-key"));
		assertThat(ComposeVariable.of("${KEY}")).contains(new ComposeVariable("KEY", ""));
		assertThat(ComposeVariable.of("prefix-${KEY}")).isEmpty();
		assertThat(ComposeVariable.of("secret")).isEmpty();
		assertThat(ComposeVariable.withDefaults("http://127.0.0.1:${PORT:-8081}/health"))
			.isEqualTo("http://127.0.0.1:8081/health");
	}

}
