package io.pulsegate.localpulsar;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Command line entry point: starts a local Pulsar, prints where it listens and runs until
 * interrupted (Ctrl-C or SIGTERM), then stops the broker cleanly.
 *
 * <pre>
 * java -jar local-pulsar.jar [--data-dir DIR] [--broker-port N] [--web-port N]
 *      [--bookie-port N] [--wipe-data] [--max-heap SIZE] [--max-direct-memory SIZE]
 *      [--set key=value]... [--admin-token TOKEN]
 * </pre>
 */
public final class LocalPulsarMain {

	private LocalPulsarMain() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		LocalPulsarSettings settings = parse(args);
		System.out.printf("Starting Pulsar standalone in %s (log: %s)%n", settings.dataDirectory(),
				settings.dataDirectory().resolve("broker.log"));
		LocalPulsar pulsar = LocalPulsar.start(settings);
		Runtime.getRuntime().addShutdownHook(new Thread(pulsar::close, "local-pulsar-stop"));
		System.out.printf("Pulsar ready: service URL %s, admin URL %s (broker pid %d)%n", pulsar.serviceUrl(),
				pulsar.adminUrl(), pulsar.pid());
		int exitCode = pulsar.waitFor();
		System.exit(exitCode);
	}

	static LocalPulsarSettings parse(String[] args) {
		LocalPulsarSettings settings = LocalPulsarSettings.defaults(Path.of("data", "pulsar"));
		Map<String, String> brokerProperties = new HashMap<>();
		Path dataDirectory = settings.dataDirectory();
		int brokerPort = settings.brokerPort();
		int webPort = settings.webPort();
		int bookiePort = settings.bookiePort();
		boolean wipeData = false;
		String maxHeap = settings.maxHeap();
		String maxDirectMemory = settings.maxDirectMemory();
		String adminToken = settings.adminToken();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--data-dir" -> dataDirectory = Path.of(value(args, ++i));
				case "--broker-port" -> brokerPort = Integer.parseInt(value(args, ++i));
				case "--web-port" -> webPort = Integer.parseInt(value(args, ++i));
				case "--bookie-port" -> bookiePort = Integer.parseInt(value(args, ++i));
				case "--wipe-data" -> wipeData = true;
				case "--max-heap" -> maxHeap = value(args, ++i);
				case "--max-direct-memory" -> maxDirectMemory = value(args, ++i);
				case "--admin-token" -> adminToken = value(args, ++i);
				case "--set" -> {
					String entry = value(args, ++i);
					int equals = entry.indexOf('=');
					if (equals < 1) {
						throw new IllegalArgumentException("--set expects key=value but got " + entry);
					}
					brokerProperties.put(entry.substring(0, equals), entry.substring(equals + 1));
				}
				default -> throw new IllegalArgumentException("Unknown option " + args[i]);
			}
		}
		return new LocalPulsarSettings(dataDirectory.toAbsolutePath(), brokerPort, webPort, bookiePort, wipeData,
				maxHeap, maxDirectMemory, settings.startTimeout(), brokerProperties, adminToken);
	}

	private static String value(String[] args, int index) {
		if (index >= args.length) {
			throw new IllegalArgumentException(args[index - 1] + " needs a value");
		}
		return args[index];
	}

}
