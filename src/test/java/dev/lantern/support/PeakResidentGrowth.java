package dev.lantern.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.bytedeco.javacpp.Pointer;

/**
 * How far the process's resident memory rises above where it was while an action runs:
 * the garbage collector runs and the C library returns its free memory first
 * ({@code malloc_trim}), so that memory the action allocates shows as growth rather than
 * reuse. ND4J and JavaCPP free a collected array's native buffer on their own deallocator
 * threads after the collection, so collection and trim are repeated until the resident
 * set stops falling: a trim that ran before those frees left the freed memory resident,
 * the action reused it unseen, and the growth came out as little as a tenth of what a
 * settled baseline shows. The action runs on a fresh thread (ND4J's workspaces are per
 * thread, so it allocates its own). The peak is the kernel's high-water mark (reset first
 * through {@code /proc/self/clear_refs}) or, where that cannot be reset, the highest of
 * samples taken every 0.2 ms. Process-wide: run nothing else meanwhile.
 */
public final class PeakResidentGrowth {

	/** A fall of the resident set smaller than this ends the settling. */
	private static final long SETTLED_BYTES = 4L << 20;

	private static final int SETTLE_ROUNDS = 10;

	/** Time for the deallocator threads to free what a collection found. */
	private static final long SETTLE_PAUSE_MILLIS = 100;

	private PeakResidentGrowth() {
	}

	/**
	 * What {@link #measure} found.
	 *
	 * @param baseline the settled resident set before the action, in bytes
	 * @param growth the peak of the resident set during the action above the baseline
	 * @param heapGrowth how far the Java heap's committed size rose from before the
	 * action to its end: an upper bound of the part of the growth that is the heap's
	 */
	public record Growth(long baseline, long growth, long heapGrowth) {

	}

	/**
	 * Runs the action and returns the peak growth of the resident set in bytes.
	 * @param action what to measure
	 */
	public static long of(Runnable action) throws InterruptedException {
		return measure(action).growth();
	}

	/**
	 * Runs the action and returns the resident set before it and its peak growth.
	 * @param action what to measure
	 */
	public static Growth measure(Runnable action) throws InterruptedException {
		long baseline = settledResidentBytes();
		long heapBefore = heapCommitted();
		boolean hwmReset = resetHighWaterMark();
		AtomicLong sampled = new AtomicLong(baseline);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread worker = new Thread(() -> {
			try {
				action.run();
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		}, "peak-resident-growth");
		worker.start();
		while (worker.isAlive()) {
			sampled.accumulateAndGet(Pointer.physicalBytes(), Math::max);
			LockSupport.parkNanos(200_000);
		}
		worker.join();
		if (failure.get() != null) {
			throw new IllegalStateException("The measured action failed", failure.get());
		}
		long peak = sampled.get();
		if (hwmReset) {
			peak = Math.max(peak, highWaterMark());
		}
		return new Growth(baseline, Math.max(0, peak - baseline), heapCommitted() - heapBefore);
	}

	private static long heapCommitted() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
	}

	/**
	 * Collects and trims until the resident set falls by less than {@link #SETTLED_BYTES}
	 * in a round (at most {@link #SETTLE_ROUNDS} rounds), and returns it.
	 */
	private static long settledResidentBytes() throws InterruptedException {
		long resident = Long.MAX_VALUE;
		for (int round = 0; round < SETTLE_ROUNDS; round++) {
			System.gc();
			Thread.sleep(SETTLE_PAUSE_MILLIS);
			trimMemory();
			long now = Pointer.physicalBytes();
			boolean settled = now > resident - SETTLED_BYTES;
			resident = now;
			if (settled) {
				break;
			}
		}
		return resident;
	}

	/**
	 * Returns the C library's free memory to the system: JavaCPP's {@code malloc_trim}
	 * call, private in this version of JavaCPP.
	 */
	private static void trimMemory() {
		try {
			Method trim = Pointer.class.getDeclaredMethod("trimMemory");
			trim.setAccessible(true);
			trim.invoke(null);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			// Then freed memory may be reused unseen: the growth is a lower bound.
		}
	}

	private static boolean resetHighWaterMark() {
		try {
			Files.writeString(Path.of("/proc/self/clear_refs"), "5");
			return highWaterMark() > 0;
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	private static long highWaterMark() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException ex) {
			return -1;
		}
		return -1;
	}

}
