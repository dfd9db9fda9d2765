package dev.lantern.jobs;

import dev.lantern.system.errors.LanternException;

import java.util.Map;
import java.util.UUID;

/**
 * The job queue for other features, for example an endpoint that starts a training run:
 * the same validation, cap and answers as {@code /api/v1/jobs}. Failures are domain
 * exceptions (invalid input naming the field, not found, conflict, capacity).
 */
public interface JobQueue {

	/**
	 * Queues a job.
	 * @param type the job type's name
	 * @param spec the spec: an instance of the type's spec class, or anything that
	 * serializes to its JSON (such as a map)
	 * @param priority higher runs first
	 * @return the queued job
	 */
	JobView submit(String type, Object spec, int priority);

	/** The job, or a 404. */
	JobView get(UUID id);

	/** Cancels a queued job at once, asks a running one to stop at its next step. */
	Cancellation cancel(UUID id);

	/**
	 * The specs of the queued and running jobs of a type (on every replica), by job id,
	 * each an instance of the type's spec class: for resources that must not be deleted
	 * while a job will use them. A stored spec this version cannot read is left out.
	 * @param type the job type's name
	 * @return the specs, oldest job first
	 */
	Map<UUID, Object> unfinishedSpecs(String type);

}
