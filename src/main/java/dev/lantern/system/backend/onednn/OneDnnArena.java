package dev.lantern.system.backend.onednn;

import org.bytedeco.javacpp.BytePointer;

/**
 * One thread's native buffer for the blocked copies and scratchpads of the oneDNN
 * convolutions it runs: they are needed only during a call, so all layers share it. It
 * grows to the largest convolution's need and is freed with the thread (or by the garbage
 * collector once unreachable).
 */
final class OneDnnArena {

	private static final ThreadLocal<OneDnnArena> ARENAS = ThreadLocal.withInitial(OneDnnArena::new);

	private BytePointer buffer;

	private BytePointer aligned;

	private long capacity = -1;

	static OneDnnArena current() {
		return ARENAS.get();
	}

	/**
	 * The arena's start (the pointer's address plus its position), 64-byte aligned, with
	 * at least {@code bytes} after it; earlier contents are lost when it grows.
	 * @param bytes the bytes needed
	 * @return the start of the buffer
	 */
	BytePointer reserve(long bytes) {
		if (bytes > this.capacity) {
			if (this.buffer != null) {
				this.buffer.deallocate();
			}
			this.buffer = new BytePointer(bytes + 64);
			this.aligned = new BytePointer(this.buffer).position((64 - this.buffer.address() % 64) % 64);
			this.capacity = bytes;
		}
		return this.aligned;
	}

}
