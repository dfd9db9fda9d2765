package dev.lantern.models.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.lantern.models.ServableModel;
import dev.lantern.system.backend.Device;

/**
 * A worker thread bound to one device. It makes its own copy of the model on that device,
 * then takes requests from its version's queue, gathers those that can share a batch
 * (same batchable operation, within {@code max-batch-delay}, up to {@code max-batch-size}
 * inputs and the examples that fit {@code worker-memory}) and runs them. No other thread
 * touches its copy.
 */
final class Worker implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(Worker.class);

	private static final long IDLE_POLL_NANOS = Duration.ofMillis(200).toNanos();

	private final WorkerGroup group;

	private final Device device;

	private final BatchRunner runner;

	private final int maxBatchSize;

	private final int examplesPerPass;

	private final long maxBatchDelayNanos;

	private final CountDownLatch ready;

	private volatile Throwable startFailure;

	private ServableModel copy;

	Worker(WorkerGroup group, Device device, BatchRunner runner, int maxBatchSize, int examplesPerPass,
			Duration maxBatchDelay, CountDownLatch ready) {
		this.group = group;
		this.device = device;
		this.runner = runner;
		this.maxBatchSize = maxBatchSize;
		this.examplesPerPass = examplesPerPass;
		this.maxBatchDelayNanos = maxBatchDelay.toNanos();
		this.ready = ready;
	}

	Throwable startFailure() {
		return this.startFailure;
	}

	@Override
	public void run() {
		try {
			if ("cuda".equals(this.device.kind())) {
				Nd4j.getAffinityManager().unsafeSetDevice(this.device.index());
			}
			this.copy = this.group.copyForWorker();
			this.copy.limitExamplesPerPass(this.examplesPerPass);
		}
		catch (Throwable ex) {
			this.startFailure = ex;
			return;
		}
		finally {
			this.ready.countDown();
		}
		try {
			serve();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.copy = null;
			log.debug("Worker {} of {} stopped", Thread.currentThread().getName(), this.group.key());
		}
	}

	private void serve() throws InterruptedException {
		RequestQueue queue = this.group.queue();
		while (true) {
			InferenceRequest first = queue.poll(IDLE_POLL_NANOS);
			if (first == null) {
				if (this.group.isClosed()) {
					return;
				}
				continue;
			}
			if (skip(first)) {
				continue;
			}
			List<InferenceRequest> batch = gather(queue, first);
			if (!batch.isEmpty()) {
				this.runner.run(this.copy, batch);
			}
		}
	}

	private List<InferenceRequest> gather(RequestQueue queue, InferenceRequest first) throws InterruptedException {
		List<InferenceRequest> batch = new ArrayList<>();
		batch.add(first);
		int size = first.inputs().size();
		long examples = first.examples();
		if (!first.operation().batchable()) {
			return batch;
		}
		long until = System.nanoTime() + this.maxBatchDelayNanos;
		while (size < this.maxBatchSize && examples < this.examplesPerPass) {
			InferenceRequest next = queue.poll(until - System.nanoTime());
			if (next == null) {
				break;
			}
			if (!next.batchesWith(first) || size + next.inputs().size() > this.maxBatchSize
					|| examples + next.examples() > this.examplesPerPass) {
				queue.putBack(next);
				break;
			}
			if (!skip(next)) {
				batch.add(next);
				size += next.inputs().size();
				examples += next.examples();
			}
		}
		return batch;
	}

	/**
	 * Whether a request is no longer wanted: its caller gave up (the future is done) or
	 * its time is over, in which case it fails with 504.
	 */
	private boolean skip(InferenceRequest request) {
		if (request.future().isDone()) {
			return true;
		}
		if (request.expired(System.nanoTime())) {
			request.future().completeExceptionally(WorkerGroup.timedOut(this.group.key()));
			return true;
		}
		return false;
	}

}
