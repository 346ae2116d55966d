package io.pulsegate.benchmark.stack;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Measures the CPU time and resident memory of named processes: the broker, the services,
 * PostgreSQL and the benchmark itself. Memory is sampled every 250 ms; CPU time is read
 * at the start and end of each run.
 */
public final class ProcessMeter implements AutoCloseable {

	private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

	private final Map<String, Long> peaks = new ConcurrentHashMap<>();

	private final long ticksPerSecond;

	private final long pageSize;

	private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "process-meter");
		thread.setDaemon(true);
		return thread;
	});

	public ProcessMeter() {
		this.ticksPerSecond = systemValue("CLK_TCK");
		this.pageSize = systemValue("PAGESIZE");
		this.sampler.scheduleAtFixedRate(this::sample, 0, 250, TimeUnit.MILLISECONDS);
	}

	/**
	 * Measures a process under a name, in place of what had that name before.
	 * @param name such as {@code ingress}
	 * @param pid the process
	 */
	public void track(String name, long pid) {
		this.tracked.put(name, new Tracked(pid, false));
	}

	/**
	 * Measures, as one, a process and every process below it, including the CPU time of
	 * those that have ended: PostgreSQL forks a backend per connection.
	 * @param name such as {@code postgres}
	 * @param pid the process at the top
	 */
	public void trackTree(String name, long pid) {
		this.tracked.put(name, new Tracked(pid, true));
	}

	/**
	 * Starts a measured run: CPU time is counted and peaks kept from now.
	 * @return the starting point
	 */
	public synchronized Mark mark() {
		ProcessTable table = table();
		Map<String, Double> cpu = new LinkedHashMap<>();
		this.tracked.forEach((name, process) -> cpu.put(name, cpuSeconds(table, process)));
		this.peaks.clear();
		sample(table);
		return new Mark(cpu);
	}

	/**
	 * What each process used since a mark.
	 * @param mark the start of the run
	 * @return usage by process name
	 */
	public synchronized Map<String, ProcessUsage> since(Mark mark) {
		ProcessTable table = table();
		sample(table);
		Map<String, ProcessUsage> usage = new LinkedHashMap<>();
		this.tracked.forEach((name, process) -> {
			double cpu = cpuSeconds(table, process) - mark.cpuSeconds().getOrDefault(name, 0.0);
			usage.put(name, new ProcessUsage(Math.max(0, cpu), this.peaks.getOrDefault(name, 0L) / 1048576.0));
		});
		return usage;
	}

	/**
	 * Resident memory of a process now.
	 * @param name its name
	 * @return MiB
	 */
	public double residentMiB(String name) {
		Tracked process = this.tracked.get(name);
		return (process != null) ? resident(table(), process) / 1048576.0 : 0;
	}

	@Override
	public void close() {
		this.sampler.shutdownNow();
	}

	private synchronized void sample() {
		sample(table());
	}

	private void sample(ProcessTable table) {
		this.tracked.forEach((name, process) -> this.peaks.merge(name, resident(table, process), Math::max));
	}

	private ProcessTable table() {
		return ProcessTable.read(this.ticksPerSecond, this.pageSize);
	}

	// A tree's processes that ended count in the ended-children time of the one that
	// waited for them, whose own ended-children time counts in turn once it ends. Summing
	// both over the live processes counts every process once.
	private static double cpuSeconds(ProcessTable table, Tracked process) {
		return group(table, process).stream()
			.mapToDouble((entry) -> entry.cpuSeconds() + (process.tree() ? entry.endedChildrenCpuSeconds() : 0))
			.sum();
	}

	private static long resident(ProcessTable table, Tracked process) {
		return group(table, process).stream().mapToLong(ProcessTable.Entry::residentBytes).sum();
	}

	private static Set<ProcessTable.Entry> group(ProcessTable table, Tracked process) {
		return table.group(process.pid(), process.tree());
	}

	private static long systemValue(String name) {
		try {
			Process getconf = new ProcessBuilder("getconf", name).redirectErrorStream(true).start();
			String value = new String(getconf.getInputStream().readAllBytes()).trim();
			getconf.waitFor(5, TimeUnit.SECONDS);
			return Long.parseLong(value);
		}
		catch (IOException | NumberFormatException ex) {
			throw new IllegalStateException("getconf " + name + " failed: the benchmark measures processes on Linux",
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * CPU time of every tracked process at the start of a run.
	 *
	 * @param cpuSeconds by process name
	 */
	public record Mark(Map<String, Double> cpuSeconds) {
	}

	private record Tracked(long pid, boolean tree) {
	}

}
