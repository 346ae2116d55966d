package io.pulsegate.deployment;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Finding the repository root from wherever the tests run.
 */
class RepositoryRootTests {

	@Test
	void isTheFolderWithTheWrapperAndTheParentPomAboveTheWorkingDirectory() {
		Path root = RepositoryRoot.path();
		assertThat(root.resolve("mvnw")).isRegularFile();
		assertThat(root.resolve("deployment-tests/pom.xml")).isRegularFile();
		assertThat(RepositoryRoot.findFrom(root.resolve("deployment-tests/src/test"))).isEqualTo(root);
	}

	@Test
	void isNotAFolderThatMerelyHasAPom(@TempDir Path folder) throws Exception {
		Files.writeString(folder.resolve("pom.xml"), "<project><artifactId>other</artifactId></project>");
		Files.writeString(folder.resolve("mvnw"), "");
		assertThatIllegalStateException().isThrownBy(() -> RepositoryRoot.findFrom(folder));
	}

}
