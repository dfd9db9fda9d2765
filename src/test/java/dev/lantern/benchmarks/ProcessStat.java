package dev.lantern.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Minor page faults and system CPU time of this process from {@code /proc/self/stat}
 * (Linux): what the kernel spends faulting in and zeroing fresh pages shows there.
 */
final class ProcessStat {

	/** The kernel's clock ticks per second ({@code USER_HZ}), 100 on Linux. */
	static final double TICKS_PER_SECOND = 100;

	private ProcessStat() {
	}

	/**
	 * Minor faults and system CPU ticks of the whole process, or null where
	 * {@code /proc/self/stat} cannot be read.
	 */
	static long[] read() {
		try {
			String stat = Files.readString(Path.of("/proc/self/stat"));
			// The command name (field 2) may contain spaces: count fields after its ')'.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
			// Fields 10 (minflt) and 15 (stime) of proc(5), counted from field 3.
			return new long[] { Long.parseLong(fields[7]), Long.parseLong(fields[12]) };
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

}
