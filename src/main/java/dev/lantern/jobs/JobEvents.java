package dev.lantern.jobs;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.lantern.system.errors.NotFoundException;
import dev.lantern.system.errors.UnavailableException;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Server-Sent Events of a job: first its current state, then every change in order (read
 * from the database every {@code events-poll-interval}, so any replica can serve them;
 * changes that happen between two reads arrive as one), ending with its final state.
 * Events are named {@code status} when the status changed and {@code progress} otherwise;
 * their id is the job's version.
 */
@Component
class JobEvents implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobEvents.class);

	private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);

	private final JobRepository jobs;

	private final JobService service;

	private final JobProperties properties;

	private final Map<JobEventSink, Stream> streams = new ConcurrentHashMap<>();

	private ScheduledExecutorService scheduler;

	private volatile boolean running;

	JobEvents(JobRepository jobs, JobService service, JobProperties properties) {
		this.jobs = jobs;
		this.service = service;
		this.properties = properties;
	}

	/** How long a stream may stay open ({@code lantern.jobs.events-timeout}). */
	Duration timeout() {
		return this.properties.eventsTimeout();
	}

	/**
	 * Starts sending a job's events to a sink.
	 * @throws NotFoundException when there is no such job
	 */
	void stream(UUID id, JobEventSink sink) {
		Job first = this.jobs.find(id).orElseThrow(() -> new NotFoundException("job", id));
		if (!this.running) {
			throw new UnavailableException(
					"This replica is starting or shutting down; try again or ask another replica",
					this.properties.retryAfter());
		}
		Stream stream = new Stream(id, sink, first.status());
		this.streams.put(sink, stream);
		sink.onClose(stream::close);
		long period = Math.max(1, this.properties.eventsPollInterval().toMillis());
		stream.task = this.scheduler.scheduleWithFixedDelay(stream::poll, 0, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public void start() {
		this.scheduler = Executors.newScheduledThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "job-events");
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		for (Stream stream : this.streams.values()) {
			stream.close();
			stream.sink.complete();
		}
		this.streams.clear();
		this.scheduler.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** One client's stream. Polls run one at a time, so events leave in order. */
	private final class Stream {

		private final UUID id;

		private final JobEventSink sink;

		private JobStatus lastStatus;

		private long lastVersion = -1;

		private long lastSent = System.nanoTime();

		private volatile boolean done;

		private volatile ScheduledFuture<?> task;

		Stream(UUID id, JobEventSink sink, JobStatus status) {
			this.id = id;
			this.sink = sink;
			this.lastStatus = status;
		}

		void poll() {
			if (this.done) {
				close();
				return;
			}
			try {
				Optional<Job> found = JobEvents.this.jobs.find(this.id);
				if (found.isEmpty()) {
					end(null);
					return;
				}
				Job job = found.get();
				if (job.version() != this.lastVersion) {
					send(job);
				}
				else if (System.nanoTime() - this.lastSent > KEEP_ALIVE_NANOS) {
					this.sink.keepAlive();
					this.lastSent = System.nanoTime();
				}
				if (job.status().isFinal()) {
					end(null);
				}
			}
			catch (IOException | IllegalStateException ex) {
				// The client went away or the emitter completed: stop polling.
				end(ex);
			}
			catch (RuntimeException ex) {
				log.debug("Event stream of job {} could not read the job; retrying", this.id, ex);
			}
		}

		/** Stops polling. */
		void close() {
			this.done = true;
			JobEvents.this.streams.remove(this.sink);
			ScheduledFuture<?> polling = this.task;
			if (polling != null) {
				polling.cancel(false);
			}
		}

		private void end(Throwable failure) {
			close();
			if (failure != null) {
				this.sink.fail(failure);
			}
			else {
				this.sink.complete();
			}
		}

		private void send(Job job) throws IOException {
			String name = (this.lastVersion < 0 || job.status() != this.lastStatus) ? "status" : "progress";
			JobView view = JobEvents.this.service.view(job, JobEvents.this.jobs.queuePosition(job));
			this.sink.send(Long.toString(job.version()), name, view);
			this.lastVersion = job.version();
			this.lastStatus = job.status();
			this.lastSent = System.nanoTime();
		}

	}

}
