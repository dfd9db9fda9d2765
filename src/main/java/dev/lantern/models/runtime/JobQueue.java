package dev.lantern.models.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded queue of one loaded version, shared by its workers. A worker that took a
 * job it cannot batch puts it back at the head, so the bound is kept by a counter rather
 * than by the deque.
 */
final class JobQueue {

	private final LinkedBlockingDeque<Job> jobs = new LinkedBlockingDeque<>();

	private final AtomicInteger size = new AtomicInteger();

	private final int capacity;

	JobQueue(int capacity) {
		this.capacity = capacity;
	}

	/** Adds a job unless the queue is full. */
	boolean offer(Job job) {
		if (this.size.incrementAndGet() > this.capacity) {
			this.size.decrementAndGet();
			return false;
		}
		this.jobs.addLast(job);
		return true;
	}

	/** The next job, waiting up to {@code nanos}; null when none came. */
	Job poll(long nanos) throws InterruptedException {
		Job job = (nanos > 0) ? this.jobs.pollFirst(nanos, TimeUnit.NANOSECONDS) : this.jobs.pollFirst();
		if (job != null) {
			this.size.decrementAndGet();
		}
		return job;
	}

	/** Returns a job taken but not run to the head of the queue. */
	void putBack(Job job) {
		this.size.incrementAndGet();
		this.jobs.addFirst(job);
	}

	/** Takes every waiting job. */
	List<Job> drain() {
		List<Job> drained = new ArrayList<>();
		Job job;
		while ((job = this.jobs.pollFirst()) != null) {
			this.size.decrementAndGet();
			drained.add(job);
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
