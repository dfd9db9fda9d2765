package dev.lantern.vision.image;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.lantern.system.errors.CapacityException;

import org.springframework.stereotype.Component;

/**
 * The server's image decoding slots: at most
 * {@code lantern.vision.uploads.max-concurrent-decodes} images decode at once, whichever
 * request or upload they come from. A decode waits up to
 * {@code lantern.vision.uploads.decode-wait} for a slot and is refused with 429 and
 * {@code Retry-After} after that.
 */
@Component
public class DecodeSlots {

	private final Semaphore slots;

	private final int count;

	private final Duration wait;

	private final Duration retryAfter;

	public DecodeSlots(ImageUploadProperties limits) {
		this.count = limits.maxConcurrentDecodes();
		this.slots = new Semaphore(this.count, true);
		this.wait = limits.decodeWait();
		this.retryAfter = limits.retryAfter();
	}

	/**
	 * Runs one decode in a slot.
	 * @throws CapacityException when no slot frees up in time
	 */
	public <T> T decode(Supplier<T> decode) {
		acquire();
		try {
			return decode.get();
		}
		finally {
			this.slots.release();
		}
	}

	private void acquire() {
		try {
			if (this.slots.tryAcquire(this.wait.toNanos(), TimeUnit.NANOSECONDS)) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw new CapacityException(
				"All " + this.count
						+ " image decoding slots (lantern.vision.uploads.max-concurrent-decodes) stayed busy for "
						+ this.wait.toMillis() + " ms (lantern.vision.uploads.decode-wait); try again shortly",
				this.retryAfter);
	}

}
