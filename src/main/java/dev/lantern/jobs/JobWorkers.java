package dev.lantern.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.lantern.system.Instances;
import dev.lantern.system.backend.ComputeBackend;
import dev.lantern.system.backend.Device;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The worker threads: {@code lantern.jobs.slots-per-device} per device, each bound to its
 * device with ND4J's affinity manager. An idle worker claims the next queued job (highest
 * priority first, first in first out within a priority), waking when a job is submitted
 * here or every {@code poll-interval}. A separate thread beats the leases.
 * <p>
 * On shutdown the workers stop claiming, running jobs get {@code shutdown-grace} to end,
 * and those still running are then stopped at their next step and put back in the queue.
 */
@Component
class JobWorkers implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobWorkers.class);

	private final JobRepository jobs;

	private final JobTypes types;

	private final JobRunner runner;

	private final JobLeases leases;

	private final ActiveJobs active;

	private final JobProperties properties;

	private final ComputeBackend backend;

	private final Instances instances;

	/** How long stopped jobs get to hand themselves back on shutdown. */
	private static final Duration HAND_BACK = Duration.ofSeconds(5);

	private final Object signal = new Object();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	private ScheduledExecutorService heartbeat;

	JobWorkers(JobRepository jobs, JobTypes types, JobRunner runner, JobLeases leases, ActiveJobs active,
			JobProperties properties, ComputeBackend backend, Instances instances) {
		this.jobs = jobs;
		this.types = types;
		this.runner = runner;
		this.leases = leases;
		this.active = active;
		this.properties = properties;
		this.backend = backend;
		this.instances = instances;
	}

	/** Wakes idle workers, for example because a job was submitted. */
	void wake() {
		synchronized (this.signal) {
			this.signal.notifyAll();
		}
	}

	/** Stops a job running on this replica at its next step, if it runs here. */
	void cancelLocal(UUID id) {
		this.active.get(id).ifPresent((run) -> run.stop(JobRun.StopReason.CANCELLED));
	}

	@Override
	public synchronized void start() {
		this.leases.recoverAtStartup();
		this.running = true;
		this.heartbeat = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "job-leases");
			thread.setDaemon(true);
			return thread;
		});
		long period = this.properties.heartbeat().toMillis();
		this.heartbeat.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
		for (Device device : this.backend.devices()) {
			for (int slot = 0; slot < this.properties.slotsPerDevice(); slot++) {
				Thread thread = new Thread(() -> work(device), "job-" + device.id() + "-" + slot);
				thread.setDaemon(true);
				this.threads.add(thread);
				thread.start();
			}
		}
		log.info("Job workers started: {} per device on {}, job types {}", this.properties.slotsPerDevice(),
				this.backend.devices().stream().map(Device::id).toList(), this.types.names());
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public synchronized void stop(Runnable callback) {
		this.running = false;
		wake();
		long deadline = System.nanoTime() + this.properties.shutdownGrace().toNanos();
		while (!this.active.isEmpty() && System.nanoTime() < deadline) {
			sleep(50);
		}
		for (JobRun run : this.active.all()) {
			log.info("Job {} is stopped and queued again because this replica shuts down", run.jobId());
			run.stop(JobRun.StopReason.SHUTDOWN);
		}
		// Jobs that check for cancellation stop at their next step and are queued again;
		// one that does not (a hung native call) is left to lease expiry.
		long handBack = System.nanoTime() + HAND_BACK.toNanos();
		for (Thread thread : this.threads) {
			long left = TimeUnit.NANOSECONDS.toMillis(handBack - System.nanoTime());
			if (left > 0) {
				try {
					thread.join(left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}
		this.threads.stream()
			.filter(Thread::isAlive)
			.forEach((thread) -> log.warn("Worker {} did not stop; its job is recovered when its lease expires",
					thread.getName()));
		this.threads.clear();
		this.heartbeat.shutdownNow();
		callback.run();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void work(Device device) {
		bind(device);
		while (this.running) {
			try {
				Optional<Job> job = claim(device);
				if (job.isPresent()) {
					this.runner.run(job.get(), device);
				}
				else {
					idle();
				}
			}
			catch (RuntimeException ex) {
				log.warn("Job worker on {} hit an error outside a job; it goes on", device.id(), ex);
				idle();
			}
		}
	}

	private Optional<Job> claim(Device device) {
		if (!this.running) {
			return Optional.empty();
		}
		Instant now = Instant.now();
		return this.jobs.claim(this.types.names(), this.instances.self(), device.id(), now,
				now.plus(this.properties.lease()));
	}

	private void beat() {
		try {
			this.leases.heartbeat();
		}
		catch (RuntimeException ex) {
			log.warn("Job lease heartbeat failed; retrying at the next one", ex);
		}
	}

	private void idle() {
		synchronized (this.signal) {
			if (!this.running) {
				return;
			}
			try {
				this.signal.wait(Math.max(1, this.properties.pollInterval().toMillis()));
			}
			catch (InterruptedException ex) {
				// Woken early: look for work again; stopping is signalled by running.
			}
		}
	}

	private void bind(Device device) {
		if ("cuda".equals(device.kind())) {
			Nd4j.getAffinityManager().unsafeSetDevice(device.index());
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
