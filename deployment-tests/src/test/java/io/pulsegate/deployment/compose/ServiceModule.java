package io.pulsegate.deployment.compose;

import java.nio.file.Path;
import java.util.List;

import io.pulsegate.deployment.RepositoryRoot;

/**
 * A service of the system as its Maven module defines it: the source of truth that the
 * Dockerfiles and {@code docker-compose.yml} are checked against.
 */
enum ServiceModule {

	INGRESS("ingress-service", "ingress", "io.pulsegate.ingress",
			List.of("PULSAR_SERVICE_URL", "PULSAR_ADMIN_URL", "PULSEGATE_SECURITY_APIKEYS_0_KEY",
					"PULSEGATE_SECURITY_APIKEYS_0_TENANT"),
			List.of(new BootProperty("spring.data.redis.host", "the Redis idempotency store shared by replicas"),
					new BootProperty("spring.data.redis.port", "the Redis idempotency store shared by replicas"),
					new BootProperty("spring.data.redis.password", "the Redis idempotency store shared by replicas"))),

	CONSUMER("consumer-service", "consumer", "io.pulsegate.consumer",
			List.of("PULSAR_SERVICE_URL", "PULSAR_ADMIN_URL", "PULSEGATE_DB_URL", "PULSEGATE_DB_USER",
					"PULSEGATE_DB_PASSWORD", "SPRING_SECURITY_USER_PASSWORD"),
			List.of(new BootProperty("spring.security.user.password",
					"the admin's password; application.yml names the user, a password must not be committed")));

	private final String moduleName;

	private final String composeService;

	private final String basePackage;

	private final List<String> requiredVariables;

	private final List<BootProperty> bootProperties;

	ServiceModule(String moduleName, String composeService, String basePackage, List<String> requiredVariables,
			List<BootProperty> bootProperties) {
		this.moduleName = moduleName;
		this.composeService = composeService;
		this.basePackage = basePackage;
		this.requiredVariables = requiredVariables;
		this.bootProperties = bootProperties;
	}

	String moduleName() {
		return this.moduleName;
	}

	/**
	 * The agreed name of the service in {@code docker-compose.yml}.
	 * @return the service name
	 */
	String composeService() {
		return this.composeService;
	}

	String basePackage() {
		return this.basePackage;
	}

	/**
	 * The environment variables a container of the service needs: without them it would
	 * look for its broker or database on its own loopback, or refuse every caller.
	 * @return their names
	 */
	List<String> requiredVariables() {
		return this.requiredVariables;
	}

	/**
	 * Spring Boot properties, beyond those in {@code application.yml}, that the service
	 * may be given.
	 * @return the properties, each with its reason
	 */
	List<BootProperty> bootProperties() {
		return this.bootProperties;
	}

	Path directory() {
		return RepositoryRoot.resolve(this.moduleName);
	}

	Path dockerfile() {
		return directory().resolve("Dockerfile");
	}

	Path dockerIgnore() {
		return directory().resolve(".dockerignore");
	}

	MavenPom pom() {
		return MavenPom.read(directory().resolve("pom.xml"));
	}

	ApplicationConfiguration configuration() {
		return ApplicationConfiguration.load(directory().resolve("src/main/resources/application.yml"));
	}

	ApplicationEnvironment environment() {
		return ApplicationEnvironment.of(this);
	}

	/**
	 * The executable jar that {@code ./mvnw package} writes to the module's
	 * {@code target} folder.
	 * @return its file name, such as {@code ingress-service-exec.jar}
	 */
	String executableJarName() {
		MavenPom pom = pom();
		return pom.finalName() + pom.repackageClassifier()
			.or(() -> MavenPom.root().repackageClassifier())
			.map((c) -> "-" + c)
			.orElse("") + ".jar";
	}

	/**
	 * The image name, as {@code docker-compose.yml} and the documented
	 * {@code docker build} command tag it.
	 * @return such as {@code pulsegate/ingress-service:0.1.0-SNAPSHOT}
	 */
	String imageName() {
		MavenPom pom = pom();
		return "pulsegate/" + pom.artifactId() + ":" + pom.version();
	}

}
