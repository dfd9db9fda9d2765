package dev.lantern.system.backend;

import java.lang.reflect.Method;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Gives the C library's free memory back to the system: glibc's {@code malloc_trim(0)},
 * through JavaCPP's private {@code Pointer.trimMemory}. With Lantern's
 * {@code GLIBC_TUNABLES} ({@code mmap_max=0}, a 1 GiB {@code trim_threshold}) memory that
 * ND4J and oneDNN freed stays in the heap for reuse, which keeps a training step from
 * faulting in fresh pages but also keeps the heap at its peak after training ends
 * (docs/performance.md, "Soak"). A no-op where the C library is not glibc or JavaCPP does
 * not have the call; a call while another is running returns at once (the running one
 * does the work).
 */
@Component
public class NativeHeapTrim {

	private static final Logger log = LoggerFactory.getLogger(NativeHeapTrim.class);

	private final Method trim;

	private final AtomicBoolean running = new AtomicBoolean();

	NativeHeapTrim() {
		this((NativeMemory.read().glibc() != null) ? trimMethod() : null);
	}

	NativeHeapTrim(Method trim) {
		this.trim = trim;
	}

	/** Whether {@link #trim} does anything here: glibc, and JavaCPP has the call. */
	public boolean available() {
		return this.trim != null;
	}

	/**
	 * Returns the C library's free memory to the system.
	 * @param reason what ended, for the log (for example {@code job 1234 (vision-train)})
	 * @return how much the resident set fell over the call (negative when other threads
	 * allocated meanwhile), or empty when nothing ran: not available here, another trim
	 * running, or the call failed
	 */
	public OptionalLong trim(String reason) {
		if (this.trim == null || !this.running.compareAndSet(false, true)) {
			return OptionalLong.empty();
		}
		try {
			long before = Pointer.physicalBytes();
			long started = System.nanoTime();
			this.trim.invoke(null);
			long released = before - Pointer.physicalBytes();
			log.info("Returned {} MB of free native memory to the system after {} in {} ms", released >> 20, reason,
					(System.nanoTime() - started) / 1_000_000);
			return OptionalLong.of(released);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			log.debug("Could not trim the C library's heap after {}", reason, ex);
			return OptionalLong.empty();
		}
		finally {
			this.running.set(false);
		}
	}

	private static Method trimMethod() {
		try {
			Method method = Pointer.class.getDeclaredMethod("trimMemory");
			method.setAccessible(true);
			return method;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			log.debug("JavaCPP's trimMemory is not available", ex);
			return null;
		}
	}

}
