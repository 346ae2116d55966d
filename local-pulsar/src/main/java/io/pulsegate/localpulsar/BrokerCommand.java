package io.pulsegate.localpulsar;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of the broker's JVM: the running JDK, Pulsar's own JVM flags, the
 * broker classpath resolved at build time, and {@link Lifeline} in front of Pulsar's
 * standalone starter.
 */
final class BrokerCommand {

	private static final String CLASSPATH_RESOURCE = "broker.classpath";

	// From Pulsar's bin/pulsar script: reflective access the broker, BookKeeper and Netty
	// need.
	private static final List<String> ADD_OPENS = List.of("java.base/java.io", "java.base/java.lang",
			"java.base/java.nio", "java.base/java.util.zip", "java.base/jdk.internal.misc", "java.base/sun.net",
			"java.management/sun.management", "jdk.management/com.sun.management.internal");

	private BrokerCommand() {
	}

	static List<String> of(LocalPulsarSettings settings, Path configFile) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xms64m");
		command.add("-Xmx" + settings.maxHeap());
		command.add("-XX:MaxDirectMemorySize=" + settings.maxDirectMemory());
		command.add("-XX:+UseG1GC");
		command.add("-XX:+ExitOnOutOfMemoryError");
		for (String module : ADD_OPENS) {
			command.add("--add-opens");
			command.add(module + "=ALL-UNNAMED");
		}
		if (Runtime.version().feature() >= 24) {
			command.add("--enable-native-access=ALL-UNNAMED");
			command.add("--sun-misc-unsafe-memory-access=allow");
		}
		command.add("-Dio.netty.tryReflectionSetAccessible=true");
		command.add("-Dlog4j2.configurationFile=pulsegate-broker-log4j2.xml");
		command.add("-Dpulsar.log.dir=" + settings.dataDirectory());
		command.add("-cp");
		command.add(classpath());
		command.add(Lifeline.class.getName());
		command.add("org.apache.pulsar.PulsarStandaloneStarter");
		command.add("--config");
		command.add(configFile.toString());
		command.add("--no-functions-worker");
		command.add("--no-stream-storage");
		command.add("--advertised-address");
		command.add("127.0.0.1");
		command.add("--bookkeeper-port");
		command.add(Integer.toString(settings.bookiePort()));
		command.add("--metadata-dir");
		command.add(settings.dataDirectory().resolve("metadata").toString());
		command.add("--bookkeeper-dir");
		command.add(settings.dataDirectory().resolve("bookkeeper").toString());
		if (settings.wipeData()) {
			command.add("--wipe-data");
		}
		return command;
	}

	/**
	 * The command line of one of Pulsar's own command line tools, run on the broker's
	 * classpath.
	 * @param mainClass the tool's main class
	 * @param arguments its arguments
	 * @return the command
	 */
	static List<String> tool(String mainClass, List<String> arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx64m");
		command.add("-cp");
		command.add(brokerClasspath());
		command.add(mainClass);
		command.addAll(arguments);
		return command;
	}

	private static String classpath() {
		return Lifeline.classpathEntry() + File.pathSeparator + brokerClasspath();
	}

	private static String brokerClasspath() {
		try (InputStream in = BrokerCommand.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("No " + CLASSPATH_RESOURCE
						+ " on the classpath: build the local-pulsar-runtime module first (./mvnw install -DskipTests)");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
