package io.pulsegate.benchmark.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads a service's heap in use from its Prometheus endpoint twice a second and keeps the
 * largest, to show that its heap stays within bounds under load.
 */
public final class HeapSampler implements AutoCloseable {

	private static final String HEAP_USED = "jvm_memory_used_bytes{area=\"heap\"";

	private static final String HEAP_MAX = "jvm_memory_max_bytes{area=\"heap\"";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final HttpRequest request;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "heap-sampler");
		thread.setDaemon(true);
		return thread;
	});

	private volatile double peakUsedMiB;

	private volatile double maxMiB;

	private HeapSampler(String serviceUrl) {
		this.request = HttpRequest.newBuilder(URI.create(serviceUrl + "/actuator/prometheus"))
			.timeout(Duration.ofSeconds(2))
			.build();
	}

	public static HeapSampler start(String serviceUrl) {
		HeapSampler sampler = new HeapSampler(serviceUrl);
		sampler.timer.scheduleWithFixedDelay(sampler::sample, 0, 500, TimeUnit.MILLISECONDS);
		return sampler;
	}

	public double peakUsedMiB() {
		return this.peakUsedMiB;
	}

	/**
	 * The heap's limit, the sum of its pools' maxima.
	 * @return the limit in MiB, or 0 if none was read
	 */
	public double maxMiB() {
		return this.maxMiB;
	}

	private void sample() {
		try {
			String metrics = this.http.send(this.request, HttpResponse.BodyHandlers.ofString()).body();
			this.peakUsedMiB = Math.max(this.peakUsedMiB, sum(metrics, HEAP_USED));
			this.maxMiB = Math.max(this.maxMiB, sum(metrics, HEAP_MAX));
		}
		catch (IOException ex) {
			// A sample lost to a busy service; the next one counts.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static double sum(String metrics, String series) {
		double bytes = 0;
		for (String line : metrics.split("\n")) {
			if (line.startsWith(series)) {
				double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
				// A pool without a limit reports -1.
				bytes += Math.max(0, value);
			}
		}
		return bytes / (1024 * 1024);
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
