package dev.lantern.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.bytedeco.javacpp.Pointer;

/**
 * The benchmarks' memory figures: the JVM's resident set now ({@code VmRSS}) and at its
 * peak ({@code VmHWM}), as Linux reports them in {@code /proc/self/status}, and a sampler
 * that also follows the Java heap and JavaCPP's native bytes (ND4J's buffers) while a
 * benchmark runs.
 */
public final class ResidentMemory {

	private ResidentMemory() {
	}

	/** The process's peak resident set in bytes ({@code VmHWM}), or -1 where unknown. */
	public static long peakBytes() {
		return status("VmHWM:");
	}

	/** The process's resident set in bytes ({@code VmRSS}), or -1 where unknown. */
	public static long currentBytes() {
		return status("VmRSS:");
	}

	/**
	 * The resident part of the C library's heap ({@code [heap]} in
	 * {@code /proc/self/smaps}) in bytes, or -1 where unknown. With Lantern's
	 * {@code GLIBC_TUNABLES} ({@code glibc.malloc.mmap_max=0:glibc.malloc.arena_max=1})
	 * every {@code malloc} is served from this one heap, so it holds ND4J's and oneDNN's
	 * native buffers and what the C library keeps of them after {@code free}.
	 */
	public static long cHeapBytes() {
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
			long kilobytes = 0;
			boolean inHeap = false;
			for (String line : lines) {
				if (!line.isEmpty() && !Character.isUpperCase(line.charAt(0))) {
					inHeap = line.endsWith("[heap]");
				}
				else if (inHeap && line.startsWith("Rss:")) {
					kilobytes += Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
			return kilobytes * 1024;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * Returns the C library's free memory to the system ({@code malloc_trim}, through
	 * JavaCPP's private {@code Pointer.trimMemory}); false where it could not be called.
	 */
	public static boolean trimCHeap() {
		try {
			Method trim = Pointer.class.getDeclaredMethod("trimMemory");
			trim.setAccessible(true);
			trim.invoke(null);
			return true;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return false;
		}
	}

	/** The peak resident set as text, for example {@code 3.2 GiB}. */
	public static String peak() {
		return gib(peakBytes());
	}

	/** Bytes as GiB with one decimal, or {@code unknown} for a negative count. */
	public static String gib(long bytes) {
		return (bytes < 0) ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
	}

	/**
	 * Kilobytes (as {@code ru_maxrss} gives them on Linux) as GiB, or the text itself.
	 */
	public static String gibOfKilobytes(String kilobytes) {
		try {
			return gib(Long.parseLong(kilobytes.strip()) * 1024);
		}
		catch (NumberFormatException | NullPointerException ex) {
			return "unknown";
		}
	}

	private static long status(String field) {
		try {
			return Files.readAllLines(Path.of("/proc/self/status"))
				.stream()
				.filter((line) -> line.startsWith(field))
				.map((line) -> Long.parseLong(line.replaceAll("\\D", "")) * 1024)
				.findFirst()
				.orElse(-1L);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * Samples the resident set, the heap and JavaCPP's native bytes every
	 * {@code periodMillis} on a daemon thread, keeping the peaks; printing each sample
	 * when {@code print}.
	 * @param periodMillis between samples
	 * @param print whether to print every sample
	 * @return the running sampler, to close
	 */
	public static Sampler sample(long periodMillis, boolean print) {
		Sampler sampler = new Sampler(periodMillis, print);
		sampler.thread.start();
		return sampler;
	}

	/** A running sampler; {@link #close()} stops it. */
	public static final class Sampler implements AutoCloseable {

		private final Thread thread;

		private final AtomicLong rss = new AtomicLong();

		private final AtomicLong heapUsed = new AtomicLong();

		private final AtomicLong nativeBytes = new AtomicLong();

		private final long start = System.nanoTime();

		private volatile boolean running = true;

		private Sampler(long periodMillis, boolean print) {
			this.thread = new Thread(() -> {
				while (this.running) {
					sampleOnce(print);
					try {
						Thread.sleep(periodMillis);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "resident-memory-sampler");
			this.thread.setDaemon(true);
		}

		private void sampleOnce(boolean print) {
			long resident = currentBytes();
			MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
			long physical = Pointer.physicalBytes();
			long total = Pointer.totalBytes();
			this.rss.accumulateAndGet(resident, Math::max);
			this.heapUsed.accumulateAndGet(heap.getUsed(), Math::max);
			this.nativeBytes.accumulateAndGet(total, Math::max);
			if (print) {
				System.out.printf(Locale.ROOT,
						"memory %6.0f s: rss %6d MB, heap used %6d MB, heap committed %6d MB, javacpp %6d MB "
								+ "(physical %6d MB)%n",
						(System.nanoTime() - this.start) / 1e9, resident >> 20, heap.getUsed() >> 20,
						heap.getCommitted() >> 20, total >> 20, physical >> 20);
			}
		}

		/** The highest sampled resident set in bytes. */
		public long peakResident() {
			return this.rss.get();
		}

		/** The highest sampled heap use in bytes. */
		public long peakHeapUsed() {
			return this.heapUsed.get();
		}

		/** The highest sampled JavaCPP total bytes (ND4J's native buffers). */
		public long peakNativeBytes() {
			return this.nativeBytes.get();
		}

		@Override
		public void close() {
			this.running = false;
			this.thread.interrupt();
		}

	}

}
