package dev.lantern.models.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.ServableModel;
import dev.lantern.system.backend.Device;
import dev.lantern.system.errors.DeadlineExceededException;
import dev.lantern.system.errors.LanternException;
import dev.lantern.system.errors.UnavailableException;

/**
 * One loaded model version: its bounded queue and its workers, each owning a copy of the
 * model on its device. Closing stops new work; the workers finish what is queued, then
 * drop their copies. Shutting down fails what is queued with 503 at once.
 */
final class WorkerGroup {

	private static final Logger log = LoggerFactory.getLogger(WorkerGroup.class);

	private final VersionKey key;

	private final ModelVersionInfo info;

	private final RequestQueue queue;

	private final List<Thread> threads = new ArrayList<>();

	private final List<Worker> workers = new ArrayList<>();

	private final InferenceMetrics metrics;

	private final Instant loadedAt = Instant.now();

	private final long bytesPerCopy;

	private final ActivationBudget budget;

	private ServableModel prototype;

	private Meter depthGauge;

	private Meter limitGauge;

	private volatile boolean closed;

	/**
	 * Starts the workers of a loaded version.
	 * @param budget what a worker may run at once ({@link ActivationBudget#of})
	 */
	WorkerGroup(ModelVersionInfo info, ServableModel prototype, ActivationBudget budget, List<Device> devices,
			InferenceProperties properties, InferenceMetrics metrics) {
		this.key = new VersionKey(info.name(), info.version());
		this.info = info;
		this.prototype = prototype;
		this.bytesPerCopy = Math.max(0, prototype.estimatedBytes());
		this.budget = budget;
		this.queue = new RequestQueue(properties.queueCapacity());
		this.metrics = metrics;
		CountDownLatch ready = new CountDownLatch(devices.size() * properties.workersPerDevice());
		BatchRunner runner = new BatchRunner(info.name(), properties.maxBatchSize(), this.budget.examplesPerPass(),
				metrics);
		for (Device device : devices) {
			for (int i = 0; i < properties.workersPerDevice(); i++) {
				Worker worker = new Worker(this, device, runner, properties.maxBatchSize(),
						this.budget.examplesPerPass(), properties.maxBatchDelay(), ready);
				Thread thread = new Thread(worker,
						"inference-" + info.name() + "-v" + info.version() + "-" + device.id() + "-" + i);
				thread.setDaemon(true);
				this.workers.add(worker);
				this.threads.add(thread);
			}
		}
		this.threads.forEach(Thread::start);
		awaitWorkers(ready);
		this.prototype = null;
		this.depthGauge = metrics.queueDepth(this.key, this.queue::size);
		this.limitGauge = metrics.batchLimit(this.key, budget.examplesPerPass());
	}

	private void awaitWorkers(CountDownLatch ready) {
		try {
			ready.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			shutdown();
			throw new IllegalStateException("Interrupted while starting the workers of " + this.key, ex);
		}
		for (Worker worker : this.workers) {
			if (worker.startFailure() != null) {
				shutdown();
				throw new IllegalStateException("A worker could not copy " + this.key, worker.startFailure());
			}
		}
	}

	/** A copy for a worker; copies are made one at a time from the loaded model. */
	synchronized ServableModel copyForWorker() {
		return this.prototype.copyForWorker();
	}

	/**
	 * Queues a request.
	 * @return false when this version is being unloaded (load it again)
	 * @throws UnavailableException when the queue is full
	 */
	boolean submit(InferenceRequest request, Duration retryAfter) {
		if (this.closed) {
			return false;
		}
		if (!this.queue.offer(request)) {
			throw new UnavailableException("Model '" + this.key.name() + "' version " + this.key.version() + " has "
					+ this.queue.capacity() + " requests waiting (lantern.inference.queue-capacity); " + "retry later",
					retryAfter);
		}
		return true;
	}

	/** Stops taking work; the workers finish the queue and exit. */
	void close() {
		if (!this.closed) {
			this.closed = true;
			log.info("Unloading {} ({} waiting)", this.key, this.queue.size());
		}
		removeGauge();
	}

	/** Stops at once: queued requests fail with 503, workers are interrupted. */
	void shutdown() {
		this.closed = true;
		for (InferenceRequest request : this.queue.drain()) {
			request.future()
				.completeExceptionally(new UnavailableException("The server is shutting down", Duration.ofSeconds(5)));
		}
		this.threads.forEach(Thread::interrupt);
		removeGauge();
	}

	/** Waits for the workers to exit. */
	void join(Duration timeout) throws InterruptedException {
		long until = System.nanoTime() + timeout.toNanos();
		for (Thread thread : this.threads) {
			TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, until - System.nanoTime()));
		}
	}

	private synchronized void removeGauge() {
		if (this.depthGauge != null) {
			this.metrics.remove(this.depthGauge);
			this.depthGauge = null;
		}
		if (this.limitGauge != null) {
			this.metrics.remove(this.limitGauge);
			this.limitGauge = null;
		}
	}

	static LanternException timedOut(VersionKey key) {
		return new DeadlineExceededException("The request to model '" + key.name() + "' version " + key.version()
				+ " did not finish in time (lantern.inference.request-timeout)");
	}

	VersionKey key() {
		return this.key;
	}

	ModelVersionInfo info() {
		return this.info;
	}

	RequestQueue queue() {
		return this.queue;
	}

	boolean isClosed() {
		return this.closed;
	}

	int workers() {
		return this.threads.size();
	}

	Instant loadedAt() {
		return this.loadedAt;
	}

	/** What a worker may run at once under {@code worker-memory}. */
	ActivationBudget budget() {
		return this.budget;
	}

	/**
	 * The memory this version holds: per worker, its model copy and the activations of
	 * its largest batch.
	 */
	long estimatedBytes() {
		return (this.bytesPerCopy + this.budget.bytes()) * this.threads.size();
	}

}
