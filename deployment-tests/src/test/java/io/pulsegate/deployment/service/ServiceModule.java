package io.pulsegate.deployment.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.pulsegate.deployment.RepositoryRoot;

/**
 * A service of the system as its Maven module defines it: the source of truth that the
 * Dockerfiles, {@code docker-compose.yml} and the Kubernetes manifests are checked
 * against. Its configuration is its {@code application.yml} with the defaults of the
 * properties its executable jar knows.
 */
public enum ServiceModule {

	INGRESS("ingress-service", "ingress", "io.pulsegate.ingress",
			List.of("PULSAR_SERVICE_URL", "PULSAR_ADMIN_URL", "PULSEGATE_SECURITY_APIKEYS_0_KEY",
					"PULSEGATE_SECURITY_APIKEYS_0_TENANT"),
			List.of(new BootProperty("spring.data.redis.host", Reasons.REDIS),
					new BootProperty("spring.data.redis.port", Reasons.REDIS),
					new BootProperty("spring.data.redis.password", Reasons.REDIS),
					new BootProperty("spring.data.redis.ssl.enabled", Reasons.REDIS),
					new BootProperty("spring.pulsar.client.authentication.plugin-class-name",
							Reasons.BROKER_AUTHENTICATION),
					new BootProperty("spring.pulsar.client.authentication.param.*", Reasons.BROKER_AUTHENTICATION),
					new BootProperty("spring.pulsar.admin.authentication.plugin-class-name",
							Reasons.BROKER_AUTHENTICATION),
					new BootProperty("spring.pulsar.admin.authentication.param.*", Reasons.BROKER_AUTHENTICATION))),

	CONSUMER("consumer-service", "consumer", "io.pulsegate.consumer",
			List.of("PULSAR_SERVICE_URL", "PULSAR_ADMIN_URL", "PULSEGATE_DB_URL", "PULSEGATE_DB_USER",
					"PULSEGATE_DB_PASSWORD", "SPRING_SECURITY_USER_PASSWORD"),
			List.of(new BootProperty("spring.security.user.password",
					"the admin's password; application.yml names the user, a password must not be committed"),
					new BootProperty("spring.datasource.hikari.maximum-pool-size",
							"the database connections per replica, so that every replica fits the database's limit"),
					new BootProperty("spring.pulsar.client.authentication.plugin-class-name",
							Reasons.BROKER_AUTHENTICATION),
					new BootProperty("spring.pulsar.client.authentication.param.*", Reasons.BROKER_AUTHENTICATION),
					new BootProperty("spring.pulsar.admin.authentication.plugin-class-name",
							Reasons.BROKER_AUTHENTICATION),
					new BootProperty("spring.pulsar.admin.authentication.param.*", Reasons.BROKER_AUTHENTICATION)));

	private static final String JAR_PROPERTY = "pulsegate.%s.jar";

	private final String moduleName;

	private final String serviceName;

	private final String basePackage;

	private final List<String> requiredVariables;

	private final List<BootProperty> bootProperties;

	private ConfigurationMetadata metadata;

	private ApplicationConfiguration configuration;

	private ApplicationEnvironment environment;

	ServiceModule(String moduleName, String serviceName, String basePackage, List<String> requiredVariables,
			List<BootProperty> bootProperties) {
		this.moduleName = moduleName;
		this.serviceName = serviceName;
		this.basePackage = basePackage;
		this.requiredVariables = requiredVariables;
		this.bootProperties = bootProperties;
	}

	/**
	 * The service of a name.
	 * @param serviceName such as {@code ingress}
	 * @return the service
	 */
	public static ServiceModule named(String serviceName) {
		return Arrays.stream(values())
			.filter((module) -> module.serviceName.equals(serviceName))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No service named " + serviceName));
	}

	public String moduleName() {
		return this.moduleName;
	}

	/**
	 * The agreed name of the service: of its service in {@code docker-compose.yml} and of
	 * its Deployment and Service in Kubernetes.
	 * @return the service name, such as {@code ingress}
	 */
	public String serviceName() {
		return this.serviceName;
	}

	String basePackage() {
		return this.basePackage;
	}

	/**
	 * The environment variables a container of the service needs: without them it would
	 * look for its broker or database on its own loopback, or refuse every caller.
	 * @return their names
	 */
	public List<String> requiredVariables() {
		return this.requiredVariables;
	}

	/**
	 * Spring Boot properties, beyond those in {@code application.yml} and the service's
	 * own {@code @ConfigurationProperties}, that the service may be given.
	 * @return the properties, each with its reason
	 */
	public List<BootProperty> bootProperties() {
		return this.bootProperties;
	}

	public Path directory() {
		return RepositoryRoot.resolve(this.moduleName);
	}

	public Path dockerfile() {
		return directory().resolve("Dockerfile");
	}

	public Path dockerIgnore() {
		return directory().resolve(".dockerignore");
	}

	public MavenPom pom() {
		return MavenPom.read(directory().resolve("pom.xml"));
	}

	/**
	 * The properties the service knows, read once from its executable jar.
	 * @return their metadata
	 */
	public synchronized ConfigurationMetadata metadata() {
		if (this.metadata == null) {
			this.metadata = ConfigurationMetadata.readFrom(executableJar());
		}
		return this.metadata;
	}

	public synchronized ApplicationConfiguration configuration() {
		if (this.configuration == null) {
			this.configuration = ApplicationConfiguration
				.load(directory().resolve("src/main/resources/application.yml"), metadata());
		}
		return this.configuration;
	}

	/**
	 * The environment variables the service reads.
	 * @return them
	 */
	public synchronized ApplicationEnvironment environment() {
		if (this.environment == null) {
			this.environment = ApplicationEnvironment.of(this);
		}
		return this.environment;
	}

	/**
	 * The executable jar the tests were given, as Maven resolved it.
	 * @return its path
	 */
	public Path executableJar() {
		String property = JAR_PROPERTY.formatted(this.serviceName);
		String jar = System.getProperty(property);
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("No executable jar of " + this.moduleName + " in system property "
					+ property + " (" + jar + "): run the tests through Maven, ./mvnw -B verify -pl deployment-tests");
		}
		return Path.of(jar);
	}

	/**
	 * The executable jar that {@code ./mvnw package} writes to the module's
	 * {@code target} folder.
	 * @return its file name, such as {@code ingress-service-exec.jar}
	 */
	public String executableJarName() {
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
	public String imageName() {
		MavenPom pom = pom();
		return "pulsegate/" + pom.artifactId() + ":" + pom.version();
	}

	// The constants' arguments cannot name the enum's own static fields.
	private interface Reasons {

		String REDIS = "the Redis idempotency store shared by replicas";

		String BROKER_AUTHENTICATION = "authentication to a secured broker, such as a token";

	}

}
