package io.pulsegate.localpulsar;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LocalPulsarTests {

	@TempDir
	Path dataDirectory;

	private Process launcher;

	@AfterEach
	void killLauncher() {
		if (this.launcher != null) {
			this.launcher.descendants().forEach(ProcessHandle::destroyForcibly);
			this.launcher.destroyForcibly();
		}
	}

	@Test
	void startsARealBrokerAndStopsItOnClose() throws Exception {
		int[] ports = freePorts();
		LocalPulsarSettings settings = LocalPulsarSettings.defaults(this.dataDirectory)
			.withPorts(ports[0], ports[1], ports[2])
			.withWipeData(true);

		long pid;
		try (LocalPulsar pulsar = LocalPulsar.start(settings)) {
			pid = pulsar.pid();
			assertThat(pulsar.serviceUrl()).isEqualTo("pulsar://127.0.0.1:" + ports[0]);
			assertThat(get(pulsar.adminUrl() + "/admin/v2/clusters")).contains("standalone");
		}

		assertThat(ProcessHandle.of(pid)).isEmpty();
	}

	@Test
	void brokerDoesNotOutliveAKilledLauncher() throws Exception {
		int[] ports = freePorts();
		Path output = this.dataDirectory.resolve("launcher.out");
		this.launcher = new ProcessBuilder(javaCommand(ports)).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		await().atMost(Duration.ofMinutes(2))
			.until(() -> Files.exists(output) && Files.readString(output).contains("Pulsar ready"));
		List<ProcessHandle> brokers = this.launcher.children().toList();
		assertThat(brokers).hasSize(1);

		this.launcher.destroyForcibly();

		await().atMost(Duration.ofSeconds(60)).until(() -> !brokers.get(0).isAlive());
	}

	private List<String> javaCommand(int[] ports) {
		return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), LocalPulsarMain.class.getName(), "--data-dir",
				this.dataDirectory.resolve("pulsar").toString(), "--broker-port", Integer.toString(ports[0]),
				"--web-port", Integer.toString(ports[1]), "--bookie-port", Integer.toString(ports[2]), "--wipe-data");
	}

	private static String get(String url) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
		return response.body();
	}

	private static int[] freePorts() throws IOException {
		try (ServerSocket a = new ServerSocket(0);
				ServerSocket b = new ServerSocket(0);
				ServerSocket c = new ServerSocket(0)) {
			return new int[] { a.getLocalPort(), b.getLocalPort(), c.getLocalPort() };
		}
	}

}
