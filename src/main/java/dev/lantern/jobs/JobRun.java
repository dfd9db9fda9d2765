package dev.lantern.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.system.backend.Device;
import dev.lantern.training.CancelFitException;
import dev.lantern.training.EpochMetrics;
import dev.lantern.training.FitPlan;
import dev.lantern.training.TrainingCallback;

import org.springframework.dao.DataAccessException;

/**
 * One attempt of a job on a worker thread: the {@link JobContext} the job sees and the
 * {@link TrainingCallback} its training loop drives. Records progress on the job at most
 * every {@code lantern.jobs.progress-interval} (and at every epoch end), renewing the
 * lease with each write, and stops the job at its next event once it was cancelled, the
 * replica shuts down or the lease was lost.
 */
final class JobRun implements JobContext, TrainingCallback {

	private static final Logger log = LoggerFactory.getLogger(JobRun.class);

	private final Job job;

	private final Device device;

	private final RunningJobRepository jobs;

	private final JobProperties properties;

	private final JsonMapper json;

	private final JobArtifacts artifacts;

	private final List<EpochMetrics> history = new ArrayList<>();

	private volatile StopReason stopReason;

	private Integer epoch;

	private Integer totalEpochs;

	private Long step;

	private Long totalSteps;

	private Instant paceStart;

	private long paceStartStep;

	private long lastWriteNanos;

	JobRun(Job job, Device device, RunningJobRepository jobs, JobProperties properties, JsonMapper json,
			JobArtifacts artifacts) {
		this.job = job;
		this.artifacts = artifacts;
		this.device = device;
		this.jobs = jobs;
		this.properties = properties;
		this.json = json;
		this.lastWriteNanos = System.nanoTime();
	}

	/** Why a job is asked to stop before it finished. */
	enum StopReason {

		/** A client cancelled it. */
		CANCELLED,

		/** This replica shuts down; the job goes back to the queue. */
		SHUTDOWN,

		/** Another replica took the job over after its lease expired. */
		LEASE_LOST

	}

	Job job() {
		return this.job;
	}

	StopReason stopReason() {
		return this.stopReason;
	}

	/** Asks the job to stop at its next event; the first reason given wins. */
	synchronized void stop(StopReason reason) {
		if (this.stopReason == null) {
			this.stopReason = reason;
		}
	}

	@Override
	public UUID jobId() {
		return this.job.id();
	}

	@Override
	public Device device() {
		return this.device;
	}

	@Override
	public TrainingCallback callback() {
		return this;
	}

	@Override
	public synchronized void progress(long step, long totalSteps) {
		startPace(step);
		this.step = step;
		this.totalSteps = totalSteps;
		write(false);
		checkCancelled();
	}

	@Override
	public void attach(String name, String mediaType, byte[] content) {
		this.artifacts.attach(this.job.id(), name, mediaType, content);
	}

	@Override
	public void checkCancelled() {
		StopReason reason = this.stopReason;
		if (reason != null) {
			throw new CancelFitException(switch (reason) {
				case CANCELLED -> "Job " + this.job.id() + " was cancelled";
				case SHUTDOWN -> "Job " + this.job.id() + " was stopped because this replica shuts down";
				case LEASE_LOST -> "Job " + this.job.id() + " was taken over by another replica";
			});
		}
	}

	@Override
	public synchronized void beforeFit(FitPlan plan) {
		this.totalEpochs = plan.epochs();
		this.totalSteps = plan.totalSteps();
		this.epoch = 0;
		this.step = 0L;
		this.paceStart = null;
		startPace(0);
		write(true);
		checkCancelled();
	}

	@Override
	public synchronized void beforeEpoch(int epoch) {
		this.epoch = epoch;
		checkCancelled();
	}

	@Override
	public void beforeBatch(int epoch, long step) {
		checkCancelled();
	}

	@Override
	public synchronized void afterBatch(int epoch, long step, double loss) {
		this.epoch = epoch;
		this.step = step + 1;
		write(false);
		checkCancelled();
	}

	@Override
	public synchronized void afterEpoch(EpochMetrics metrics) {
		this.history.add(metrics);
		this.epoch = metrics.epoch();
		write(true);
		checkCancelled();
	}

	@Override
	public synchronized void afterFit() {
		if (this.totalSteps != null) {
			this.step = this.totalSteps;
		}
		write(true);
	}

	private void startPace(long step) {
		if (this.paceStart == null) {
			this.paceStart = Instant.now();
			this.paceStartStep = step;
		}
	}

	private Long etaMillis(Instant now) {
		if (this.paceStart == null || this.step == null || this.totalSteps == null) {
			return null;
		}
		long done = this.step - this.paceStartStep;
		if (done <= 0) {
			return null;
		}
		long elapsed = Duration.between(this.paceStart, now).toMillis();
		return Math.max(0, (long) ((double) elapsed / done * (this.totalSteps - this.step)));
	}

	/**
	 * Writes progress when forced or when the last write is older than the progress
	 * interval; a write that finds the job asked to stop (from another replica) or lost
	 * stops it at its next event.
	 */
	private void write(boolean force) {
		long now = System.nanoTime();
		if (!force && now - this.lastWriteNanos < this.properties.progressInterval().toNanos()) {
			return;
		}
		this.lastWriteNanos = now;
		Instant at = Instant.now();
		try {
			String history = this.history.isEmpty() ? null : this.json.writeValueAsString(this.history);
			RunningJobRepository.ProgressWrite write = this.jobs.progress(this.job, this.epoch, this.totalEpochs,
					this.step, this.totalSteps, etaMillis(at), history, at, at.plus(this.properties.lease()));
			if (write == RunningJobRepository.ProgressWrite.CANCEL_REQUESTED) {
				stop(StopReason.CANCELLED);
			}
			else if (write == RunningJobRepository.ProgressWrite.LOST) {
				stop(StopReason.LEASE_LOST);
			}
		}
		catch (DataAccessException ex) {
			log.warn("Could not record the progress of job {}; it goes on", this.job.id(), ex);
		}
	}

}
