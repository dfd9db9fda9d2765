package dev.lantern.models.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded queue of one loaded version, shared by its workers. A worker that took a
 * request it cannot batch puts it back at the head, so the bound is kept by a counter
 * rather than by the deque.
 */
final class RequestQueue {

	private final LinkedBlockingDeque<InferenceRequest> requests = new LinkedBlockingDeque<>();

	private final AtomicInteger size = new AtomicInteger();

	private final int capacity;

	RequestQueue(int capacity) {
		this.capacity = capacity;
	}

	/** Adds a request unless the queue is full. */
	boolean offer(InferenceRequest request) {
		if (this.size.incrementAndGet() > this.capacity) {
			this.size.decrementAndGet();
			return false;
		}
		this.requests.addLast(request);
		return true;
	}

	/** The next request, waiting up to {@code nanos}; null when none came. */
	InferenceRequest poll(long nanos) throws InterruptedException {
		InferenceRequest request = (nanos > 0) ? this.requests.pollFirst(nanos, TimeUnit.NANOSECONDS)
				: this.requests.pollFirst();
		if (request != null) {
			this.size.decrementAndGet();
		}
		return request;
	}

	/** Returns a request taken but not run to the head of the queue. */
	void putBack(InferenceRequest request) {
		this.size.incrementAndGet();
		this.requests.addFirst(request);
	}

	/** Takes every waiting request. */
	List<InferenceRequest> drain() {
		List<InferenceRequest> drained = new ArrayList<>();
		InferenceRequest request;
		while ((request = this.requests.pollFirst()) != null) {
			this.size.decrementAndGet();
			drained.add(request);
		}
		return drained;
	}

	int size() {
		return this.size.get();
	}

	int capacity() {
		return this.capacity;
	}

}
