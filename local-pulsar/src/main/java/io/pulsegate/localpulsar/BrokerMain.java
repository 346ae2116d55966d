package io.pulsegate.localpulsar;

import java.io.IOException;
import java.io.InputStream;

/**
 * Entry point of the broker's JVM. It runs Pulsar's standalone starter and exits as soon
 * as its standard input closes, which happens when the launching process ends for any
 * reason, SIGKILL included. That ties the broker's life to its launcher's: no orphan
 * brokers.
 */
public final class BrokerMain {

	private BrokerMain() {
	}

	public static void main(String[] args) throws ReflectiveOperationException {
		Thread lifeline = new Thread(BrokerMain::exitWhenLauncherIsGone, "launcher-lifeline");
		lifeline.setDaemon(true);
		lifeline.start();
		// Looked up reflectively: the launcher compiles without the broker on its
		// classpath.
		Class.forName("org.apache.pulsar.PulsarStandaloneStarter")
			.getMethod("main", String[].class)
			.invoke(null, (Object) args);
	}

	private static void exitWhenLauncherIsGone() {
		InputStream in = System.in;
		try {
			while (in.read() != -1) {
				// The launcher never writes; reading only detects end of stream.
			}
		}
		catch (IOException ex) {
			// A broken pipe means the same as end of stream.
		}
		// Runs the standalone's shutdown hook, which closes broker, bookie and metadata
		// store.
		System.exit(0);
	}

}
