package io.pulsegate.benchmark.stack;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot of Linux's process table from {@code /proc}: parent, command name, CPU time
 * and resident memory of every process.
 */
final class ProcessTable {

	private static final Path PROC = Path.of("/proc");

	private final Map<Long, Entry> entries;

	private ProcessTable(Map<Long, Entry> entries) {
		this.entries = entries;
	}

	static ProcessTable read(long clockTicksPerSecond, long pageSize) {
		Map<Long, Entry> entries = new HashMap<>();
		try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
			for (Path process : processes) {
				Entry entry = entry(process, clockTicksPerSecond, pageSize);
				if (entry != null) {
					entries.put(entry.pid(), entry);
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + PROC + ": the benchmark measures processes on Linux", ex);
		}
		return new ProcessTable(entries);
	}

	/**
	 * A process and, if asked, every process below it.
	 * @param pid the process
	 * @param withDescendants whether to take the processes below it too
	 * @return the processes found
	 */
	Set<Entry> group(long pid, boolean withDescendants) {
		Set<Entry> group = new HashSet<>();
		Entry root = this.entries.get(pid);
		if (root == null) {
			return group;
		}
		group.add(root);
		if (withDescendants) {
			for (Entry entry : this.entries.values()) {
				if (descendsFrom(entry, pid)) {
					group.add(entry);
				}
			}
		}
		return group;
	}

	private boolean descendsFrom(Entry entry, long ancestor) {
		Entry current = entry;
		for (int depth = 0; current != null && depth < 64; depth++) {
			if (current.parent() == ancestor) {
				return true;
			}
			current = this.entries.get(current.parent());
		}
		return false;
	}

	private static Entry entry(Path process, long ticksPerSecond, long pageSize) {
		try {
			String stat = Files.readString(process.resolve("stat"));
			String statm = Files.readString(process.resolve("statm"));
			int open = stat.indexOf('(');
			int close = stat.lastIndexOf(')');
			String[] fields = stat.substring(close + 2).split(" ");
			// After the command: state, ppid, ... utime is field 14 and stime 15 of stat,
			// cutime and cstime (of the children it has waited for) 16 and 17.
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			long childTicks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
			long residentPages = Long.parseLong(statm.split(" ")[1]);
			return new Entry(Long.parseLong(process.getFileName().toString()), Long.parseLong(fields[1]),
					stat.substring(open + 1, close), (double) ticks / ticksPerSecond,
					(double) childTicks / ticksPerSecond, residentPages * pageSize);
		}
		catch (NoSuchFileException ex) {
			// The process ended while the table was read.
			return null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * One process.
	 *
	 * @param pid its id
	 * @param parent its parent's id
	 * @param command its command name
	 * @param cpuSeconds user and system CPU time so far
	 * @param endedChildrenCpuSeconds that of the children that ended and were waited for,
	 * and of theirs
	 * @param residentBytes resident memory now
	 */
	record Entry(long pid, long parent, String command, double cpuSeconds, double endedChildrenCpuSeconds,
			long residentBytes) {
	}

}
