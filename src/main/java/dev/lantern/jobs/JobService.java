package dev.lantern.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.system.errors.CapacityException;
import dev.lantern.system.errors.ConflictException;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.NotFoundException;
import dev.lantern.training.EpochMetrics;

import org.springframework.stereotype.Service;

/**
 * Submitting, reading and cancelling jobs. Everything goes through the database, so any
 * replica answers for any job.
 */
@Service
class JobService implements JobQueue {

	private static final TypeReference<List<EpochMetrics>> HISTORY = new TypeReference<>() {
	};

	/** The highest priority, and minus the lowest. */
	static final int MAX_PRIORITY = 1000;

	private final JobRepository jobs;

	private final JobTypes types;

	private final JobWorkers workers;

	private final JobProperties properties;

	private final JsonMapper json;

	JobService(JobRepository jobs, JobTypes types, JobWorkers workers, JobProperties properties, JsonMapper json) {
		this.jobs = jobs;
		this.types = types;
		this.workers = workers;
		this.properties = properties;
		this.json = json;
	}

	/**
	 * Validates and queues a job; 400 naming the field when the type or spec is wrong,
	 * 429 when the queue is full.
	 */
	JobView submit(JobRequest request) {
		if (request.priority() != null && Math.abs(request.priority()) > MAX_PRIORITY) {
			throw InvalidInputException.field("priority",
					"'priority' must be between -" + MAX_PRIORITY + " and " + MAX_PRIORITY);
		}
		JobType<?> type = this.types.get(request.type());
		Object spec = this.types.bind(type, request.spec());
		this.types.admit(type, spec);
		long queued = this.jobs.countQueued();
		if (queued >= this.properties.maxQueued()) {
			throw new CapacityException(
					"The job queue is full: " + queued + " jobs are waiting (lantern.jobs.max-queued is "
							+ this.properties.maxQueued() + "); try again later",
					this.properties.retryAfter())
				.with("queued", queued);
		}
		UUID id = UUID.randomUUID();
		int priority = (request.priority() != null) ? request.priority() : 0;
		this.jobs.insert(id, type.name(), this.types.write(spec), priority, Instant.now());
		this.workers.wake();
		return view(id);
	}

	@Override
	public JobView submit(String type, Object spec, int priority) {
		JsonNode tree = (spec != null) ? this.json.valueToTree(spec) : null;
		return submit(new JobRequest(type, tree, priority));
	}

	@Override
	public Map<UUID, Object> unfinishedSpecs(String type) {
		JobType<?> jobType = this.types.get(type);
		Map<UUID, Object> specs = new LinkedHashMap<>();
		this.jobs.unfinishedSpecs(type).forEach((id, spec) -> {
			try {
				specs.put(id, this.types.read(jobType, spec));
			}
			catch (IllegalStateException ex) {
				// A spec this version cannot read cannot run here either.
			}
		});
		return specs;
	}

	@Override
	public JobView get(UUID id) {
		return view(id);
	}

	/** The job, or a 404. */
	JobView view(UUID id) {
		Job job = this.jobs.find(id).orElseThrow(() -> new NotFoundException("job", id));
		return view(job, this.jobs.queuePosition(job));
	}

	JobPage list(JobStatus status, String type, int page, int size) {
		List<Job> found = this.jobs.list(status, type, page, size);
		Map<UUID, Integer> positions = found.stream().anyMatch((job) -> job.status() == JobStatus.QUEUED)
				? this.jobs.queuePositions() : Map.of();
		List<JobView> items = found.stream().map((job) -> view(job, positions.get(job.id()))).toList();
		return new JobPage(items, page, size, this.jobs.count(status, type));
	}

	/**
	 * Cancels a job: a queued job at once, a running one at its next step. A job that
	 * already ended is a 409, except one already cancelled.
	 */
	@Override
	public Cancellation cancel(UUID id) {
		for (int i = 0; i < 3; i++) {
			Job job = this.jobs.find(id).orElseThrow(() -> new NotFoundException("job", id));
			Instant now = Instant.now();
			switch (job.status()) {
				case QUEUED -> {
					if (this.jobs.cancelQueued(id, now)) {
						return new Cancellation(view(id), false);
					}
				}
				case RUNNING -> {
					this.jobs.requestCancel(id, now);
					this.workers.cancelLocal(id);
					// The run may already have stopped: the view then says CANCELLED, but
					// what happened is still a request to a running job.
					return new Cancellation(view(id), true);
				}
				case CANCELLED -> {
					return new Cancellation(view(job, null), false);
				}
				default -> throw new ConflictException("Job " + id + " already ended as " + job.status()
						+ "; only queued or running jobs can be cancelled");
			}
		}
		throw new ConflictException("Job " + id + " changed state while being cancelled; try again");
	}

	JobView view(Job job, Integer queuePosition) {
		Instant now = Instant.now();
		double elapsed = 0;
		if (job.startedAt() != null && job.status() != JobStatus.QUEUED) {
			Instant end = (job.finishedAt() != null) ? job.finishedAt() : now;
			elapsed = Math.max(0, Duration.between(job.startedAt(), end).toMillis()) / 1000.0;
		}
		Double fraction = (job.step() != null && job.totalSteps() != null && job.totalSteps() > 0)
				? Math.min(1.0, (double) job.step() / job.totalSteps()) : null;
		Double eta = (job.status() == JobStatus.RUNNING && job.etaMillis() != null) ? job.etaMillis() / 1000.0 : null;
		JobView.Progress progress = new JobView.Progress(job.epoch(), job.totalEpochs(), job.step(), job.totalSteps(),
				fraction, elapsed, eta);
		List<EpochMetrics> history = (job.history() != null) ? this.json.readValue(job.history(), HISTORY) : List.of();
		JobOutcome result = (job.result() != null) ? this.json.readValue(job.result(), JobOutcome.class) : null;
		JsonNode spec = this.json.readTree(job.spec());
		return new JobView(job.id(), job.type(), job.status(), job.priority(), queuePosition, job.device(), job.owner(),
				job.attempt(), job.cancelRequested(), progress, history, job.createdAt(), job.startedAt(),
				job.finishedAt(), job.updatedAt(), job.error(), result, spec, job.version());
	}

}
