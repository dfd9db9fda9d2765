package dev.lantern.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.nd4j.linalg.api.memory.MemoryWorkspaceManager;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.system.backend.Device;
import dev.lantern.system.backend.NativeHeapTrim;
import dev.lantern.system.errors.LanternException;
import dev.lantern.training.CancelFitException;

import org.springframework.stereotype.Component;

/**
 * Runs one claimed job on the calling worker thread and records how it ended: succeeded
 * with its outcome, failed with its error, cancelled, or back in the queue when the
 * replica shuts down. Writes nothing when another replica took the job over. After a job
 * that trains, however it ended, returns the C library's free memory to the system
 * ({@code lantern.jobs.trim-native-memory}).
 */
@Component
class JobRunner {

	private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

	private final RunningJobRepository jobs;

	private final JobTypes types;

	private final ActiveJobs active;

	private final JobProperties properties;

	private final JobMetrics metrics;

	private final JsonMapper json;

	private final JobArtifacts artifacts;

	private final NativeHeapTrim heapTrim;

	JobRunner(RunningJobRepository jobs, JobTypes types, ActiveJobs active, JobProperties properties,
			JobMetrics metrics, JsonMapper json, JobArtifacts artifacts, NativeHeapTrim heapTrim) {
		this.artifacts = artifacts;
		this.heapTrim = heapTrim;
		this.jobs = jobs;
		this.types = types;
		this.active = active;
		this.properties = properties;
		this.metrics = metrics;
		this.json = json;
	}

	void run(Job job, Device device) {
		JobRun run = new JobRun(job, device, this.jobs, this.properties, this.json, this.artifacts);
		this.active.add(run);
		long started = System.nanoTime();
		String outcome;
		log.info("Job {} ({}) started on {}, attempt {}", job.id(), job.type(), device.id(), job.attempt());
		try {
			outcome = execute(run);
		}
		finally {
			this.active.remove(run);
			try {
				// A cancelled fit can leave workspaces open on this thread. Destroying
				// them
				// also runs a full GC (ND4J's invokeGc), so only when there are any.
				MemoryWorkspaceManager workspaces = Nd4j.getWorkspaceManager();
				if (!workspaces.getAllWorkspacesForCurrentThread().isEmpty()) {
					workspaces.destroyAllWorkspacesForCurrentThread();
				}
			}
			catch (RuntimeException ex) {
				log.debug("Could not release the workspaces of job {}", job.id(), ex);
			}
			if (this.properties.trimNativeMemory() && trains(job)) {
				this.heapTrim.trim("job " + job.id() + " (" + job.type() + ")");
			}
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		this.metrics.finished(job.type(), outcome, took);
		log.info("Job {} ({}) ended: {} after {} ms", job.id(), job.type(), outcome, took.toMillis());
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private String execute(JobRun run) {
		Job job = run.job();
		try {
			JobType type = this.types.get(job.type());
			Object spec = this.types.read(type, job.spec());
			this.types.recheck(type, spec);
			JobOutcome outcome = type.run(spec, run);
			String result = this.json
				.writeValueAsString((outcome != null) ? outcome : JobOutcome.of(java.util.Map.of()));
			return end(run, JobStatus.SUCCEEDED, null, result);
		}
		catch (CancelFitException ex) {
			JobRun.StopReason reason = run.stopReason();
			if (reason == JobRun.StopReason.SHUTDOWN) {
				return this.jobs.requeue(job, Instant.now()) ? "requeued" : "lost";
			}
			if (reason == JobRun.StopReason.LEASE_LOST) {
				return "lost";
			}
			return end(run, JobStatus.CANCELLED, (reason == null) ? ex.getMessage() : null, null);
		}
		catch (OutOfMemoryError ex) {
			log.warn("Job {} ({}) ran out of memory", job.id(), job.type(), ex);
			return end(run, JobStatus.FAILED, "The job ran out of memory on replica " + job.owner()
					+ "; try a smaller batch size, smaller layers or smaller images", null);
		}
		catch (Exception | LinkageError ex) {
			LanternException domain = domainCause(ex);
			if (domain != null) {
				log.info("Job {} ({}) failed: {}", job.id(), job.type(), domain.getMessage());
				return end(run, JobStatus.FAILED, domain.getMessage(), null);
			}
			String incident = UUID.randomUUID().toString();
			log.warn("Job {} ({}) failed unexpectedly, incident {}", job.id(), job.type(), incident, ex);
			return end(run, JobStatus.FAILED, "The job failed unexpectedly (incident " + incident
					+ "); the log of replica " + job.owner() + " has the details", null);
		}
	}

	private boolean trains(Job job) {
		try {
			return this.types.get(job.type()).trains();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * The domain exception behind a failure, also when a library (DL4J calling a training
	 * listener, a future) wrapped it.
	 */
	private static LanternException domainCause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof LanternException domain) {
				return domain;
			}
		}
		return null;
	}

	private String end(JobRun run, JobStatus status, String error, String result) {
		if (!this.jobs.finish(run.job(), status, error, result, Instant.now())) {
			log.warn("Job {} was taken over by another replica; its {} outcome is dropped", run.jobId(), status);
			return "lost";
		}
		return status.name().toLowerCase();
	}

}
