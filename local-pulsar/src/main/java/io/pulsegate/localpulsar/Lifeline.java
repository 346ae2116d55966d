package io.pulsegate.localpulsar;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs another program's {@code main} and ends the JVM as soon as standard input closes,
 * which happens when the launching process ends for any reason, SIGKILL included. The
 * launcher holds the other end of the pipe and never writes to it. That ties a child
 * JVM's life to its launcher's: no orphan brokers or services after a crash.
 *
 * <pre>
 * java -cp ... io.pulsegate.localpulsar.Lifeline com.example.Main [args...]
 * </pre>
 */
public final class Lifeline {

	private Lifeline() {
	}

	public static void main(String[] args) throws ReflectiveOperationException {
		if (args.length == 0) {
			throw new IllegalArgumentException("Usage: Lifeline <main class> [arguments...]");
		}
		Thread lifeline = new Thread(Lifeline::exitWhenLauncherIsGone, "launcher-lifeline");
		lifeline.setDaemon(true);
		lifeline.start();
		ClassLoader loader = Thread.currentThread().getContextClassLoader();
		Class.forName(args[0], true, loader)
			.getMethod("main", String[].class)
			.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
	}

	/**
	 * The jar or directory this class is loaded from, to put on a child JVM's classpath.
	 * @return the classpath entry
	 */
	public static Path classpathEntry() {
		try {
			return Path.of(Lifeline.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException("Cannot locate the Lifeline class", ex);
		}
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
		// Runs the program's shutdown hooks, which close it gracefully.
		System.exit(0);
	}

}
