package io.pulsegate.deployment.compose;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pulsegate.deployment.service.ApplicationConfiguration;
import io.pulsegate.deployment.service.MavenPom;
import io.pulsegate.deployment.service.ServiceModule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services' Dockerfiles, checked against their modules: the jar the build writes, the
 * port and health probes the application serves, the Java version it is built for.
 */
class DockerfileTests {

	private static final List<String> LAYERS_IN_ORDER = List.of("dependencies", "spring-boot-loader",
			"snapshot-dependencies", "application");

	private static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

	private static final Pattern TEMURIN = Pattern.compile("eclipse-temurin:([0-9]+)-(jdk|jre)(-.+)?");

	private static final Pattern RAM_PERCENTAGE = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)");

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void extractsTheJarInATemurinJdkStageAndRunsOnATemurinJre(ServiceModule module) {
		Dockerfile dockerfile = Dockerfile.parse(module.dockerfile());
		assertThat(dockerfile.stages()).as("stages of %s", dockerfile.file()).hasSizeGreaterThanOrEqualTo(2);
		Matcher builder = temurin(dockerfile.firstStage());
		Matcher runtime = temurin(dockerfile.finalStage());
		assertThat(builder.group(2)).as("first stage's image").isEqualTo("jdk");
		assertThat(runtime.group(2)).as("final stage's image").isEqualTo("jre");
		int javaVersion = Integer.parseInt(MavenPom.root().property("java.version").orElseThrow());
		assertThat(Integer.parseInt(runtime.group(1))).as("runtime Java, the build compiles for Java %s", javaVersion)
			.isIn(21, 25)
			.isGreaterThanOrEqualTo(javaVersion);
	}

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void extractsTheLayersOfTheExecutableJarTheModuleBuilds(ServiceModule module) {
		DockerfileStage builder = Dockerfile.parse(module.dockerfile()).firstStage();
		DockerInstruction copy = single(builder, "COPY");
		List<String> words = copy.words();
		assertThat(copy.flags()).as("COPY of the jar comes from the build context").doesNotContainKey("from");
		assertThat(words.get(0)).isEqualTo("target/" + module.executableJarName());
		String copiedJar = words.get(1);
		assertThat(DockerIgnore.read(module.dockerIgnore()).sends(words.get(0)))
			.as(".dockerignore of %s lets %s through", module, words.get(0))
			.isTrue();
		assertThat(single(builder, "RUN").body()).matches("java -Djarmode=tools -jar " + Pattern.quote(copiedJar)
				+ " extract --layers --launcher --destination \\S+");
	}

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void sendsNothingButTheJarToTheBuilder(ServiceModule module) {
		DockerIgnore ignore = DockerIgnore.read(module.dockerIgnore());
		assertThat(ignore.sends("target/" + module.executableJarName())).isTrue();
		assertThat(List.of("pom.xml", "src/main/resources/application.yml", "target/classes/application.yml",
				"target/" + module.pom().finalName() + ".jar"))
			.filteredOn(ignore::sends)
			.as("files of %s that reach the builder", module.directory())
			.isEmpty();
	}

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void copiesTheLayersFromTheLeastToTheMostOftenChanged(ServiceModule module) {
		Dockerfile dockerfile = Dockerfile.parse(module.dockerfile());
		DockerfileStage builder = dockerfile.firstStage();
		String destination = single(builder, "RUN").body().replaceAll(".*--destination\\s+(\\S+).*", "$1");
		String workdir = builder.last("WORKDIR").map(DockerInstruction::body).orElse("/");
		String extracted = destination.startsWith("/") ? destination : workdir + "/" + destination;
		List<DockerInstruction> copies = dockerfile.finalStage().instructions("COPY");
		assertThat(copies).allSatisfy((copy) -> assertThat(copy.flags()).containsEntry("from", builder.name()));
		assertThat(copies.stream().map((copy) -> copy.words().get(0)).toList())
			.containsExactlyElementsOf(LAYERS_IN_ORDER.stream().map((layer) -> extracted + "/" + layer + "/").toList());
		assertThat(copies).as("every layer goes to the same folder")
			.extracting((copy) -> copy.words().get(1))
			.containsOnly(copies.get(0).words().get(1));
	}

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void runsAsANumericUserOtherThanRoot(ServiceModule module) {
		Optional<DockerInstruction> user = Dockerfile.parse(module.dockerfile()).finalStage().last("USER");
		assertThat(user).as("USER of the final stage").isPresent();
		assertThat(user.get().body()).matches("[0-9]+(:[0-9]+)?");
		assertThat(Integer.parseInt(user.get().body().split(":")[0])).as("user id").isPositive();
	}

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void exposesThePortTheApplicationListensOn(ServiceModule module) {
		DockerInstruction expose = single(Dockerfile.parse(module.dockerfile()).finalStage(), "EXPOSE");
		assertThat(expose.words()).containsExactly(String.valueOf(module.configuration().serverPort()));
	}

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void checksTheLivenessProbeTheApplicationServes(ServiceModule module) {
		ApplicationConfiguration configuration = module.configuration();
		String command = single(Dockerfile.parse(module.dockerfile()).finalStage(), "HEALTHCHECK").body();
		assertThat(command).startsWith("CMD curl ");
		Matcher url = Pattern.compile("http://[^\\s\"]+").matcher(command);
		assertThat(url.find()).as("URL in %s", command).isTrue();
		URI probe = URI.create(ComposeVariable.withDefaults(url.group()));
		assertThat(probe.getHost()).isEqualTo("127.0.0.1");
		assertThat(probe.getPort()).isEqualTo(configuration.managementPort());
		assertThat(probe.getPath()).isEqualTo(configuration.health().livenessPath());
		configuration.placeholderVariableOf("server.port")
			.ifPresent((portVariable) -> assertThat(url.group())
				.as("the check follows the port variable the application reads")
				.contains("${" + portVariable + ":-"));
	}

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void startsTheJvmAsProcessOneWithTheLauncherOfTheExtractedLayers(ServiceModule module) {
		DockerInstruction entrypoint = Dockerfile.parse(module.dockerfile())
			.finalStage()
			.last("ENTRYPOINT")
			.orElseThrow();
		assertThat(entrypoint.isExecForm()).as("exec form, so that SIGTERM reaches the JVM").isTrue();
		assertThat(entrypoint.words()).containsExactly("java", LAUNCHER);
	}

	@ParameterizedTest
	@EnumSource(ServiceModule.class)
	void sizesTheHeapFromTheContainerAndExitsOnOutOfMemory(ServiceModule module) {
		String options = Dockerfile.parse(module.dockerfile())
			.finalStage()
			.environment("JAVA_TOOL_OPTIONS")
			.orElseThrow(() -> new AssertionError("No JAVA_TOOL_OPTIONS in the final stage of " + module));
		assertThat(options).contains("-XX:+ExitOnOutOfMemoryError").doesNotContain("-Xmx", "-Xms");
		Matcher percentage = RAM_PERCENTAGE.matcher(options);
		assertThat(percentage.find()).as("-XX:MaxRAMPercentage in %s", options).isTrue();
		assertThat(Double.parseDouble(percentage.group(1))).as("share of the container's memory for the heap")
			.isBetween(25.0, 80.0);
	}

	private static Matcher temurin(DockerfileStage stage) {
		Matcher matcher = TEMURIN.matcher(stage.baseImage());
		assertThat(matcher.matches()).as("%s is a Temurin image with a Java version", stage.baseImage()).isTrue();
		return matcher;
	}

	private static DockerInstruction single(DockerfileStage stage, String keyword) {
		List<DockerInstruction> instructions = stage.instructions(keyword);
		assertThat(instructions).as("%s instructions of stage %s", keyword, stage.baseImage()).hasSize(1);
		return instructions.get(0);
	}

}
