package io.pulsegate.benchmark.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A process tree is measured with the CPU time of its processes that have ended, as
 * PostgreSQL's per-connection backends do; a single process is measured alone.
 */
class ProcessMeterTests {

	// A child that burns CPU and ends, then a long wait: the parent is all that is left.
	private static final String BUSY_CHILD_THEN_WAIT = "(i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done); "
			+ "touch child-done; sleep 60";

	private final ProcessMeter meter = new ProcessMeter();

	private Process tree;

	@AfterEach
	void stop() {
		if (this.tree != null) {
			this.tree.descendants().forEach(ProcessHandle::destroy);
			this.tree.destroy();
		}
		this.meter.close();
	}

	@Test
	void aTreeCountsTheCpuTimeOfChildrenThatEnded() throws IOException {
		ProcessMeter.Mark mark = this.meter.mark();
		Path directory = Files.createTempDirectory("process-meter");
		this.tree = new ProcessBuilder("sh", "-c", BUSY_CHILD_THEN_WAIT).directory(directory.toFile()).start();
		this.meter.trackTree("tree", this.tree.pid());
		this.meter.track("alone", this.tree.pid());
		await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(directory.resolve("child-done")));
		Map<String, ProcessUsage> usage = this.meter.since(mark);
		assertThat(usage.get("tree").cpuSeconds()).isGreaterThan(usage.get("alone").cpuSeconds() + 0.05);
	}

}
