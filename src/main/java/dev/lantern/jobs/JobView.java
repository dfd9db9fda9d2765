package dev.lantern.jobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import dev.lantern.training.EpochMetrics;

/**
 * A job as the API shows it.
 *
 * @param id the job's id
 * @param type its type, such as {@code tabular-train}
 * @param status where it is in its life
 * @param priority higher runs first
 * @param queuePosition 1 for the next job to run; null unless queued
 * @param device the device it runs or ran on, such as {@code cpu} or {@code cuda:0}
 * @param instance the replica that runs or ran it
 * @param attempt how many times it was started
 * @param cancelRequested whether cancellation was asked for while it runs
 * @param progress how far it got
 * @param history the figures of every finished epoch
 * @param createdAt when it was submitted
 * @param startedAt when its current (or last) attempt started
 * @param finishedAt when it ended
 * @param updatedAt when it last changed
 * @param error why it failed (or why a replica lost it)
 * @param result what it produced: model name and version, details
 * @param spec the spec it was submitted with
 * @param version increases with every change; the id of its events
 */
@Schema(description = "A job of the queue: its state, progress, metrics history and result")
public record JobView(UUID id, String type, JobStatus status, int priority, Integer queuePosition, String device,
		String instance, int attempt, boolean cancelRequested, Progress progress, List<EpochMetrics> history,
		Instant createdAt, Instant startedAt, Instant finishedAt, Instant updatedAt, String error, JobOutcome result,
		JsonNode spec, long version) {

	/**
	 * How far a job got.
	 *
	 * @param epoch the current epoch, from 0; null for work that is not a training loop
	 * @param totalEpochs how many epochs the fit runs
	 * @param step steps done (optimizer steps of the whole fit, or units of work)
	 * @param totalSteps steps in all
	 * @param fraction step / totalSteps, from 0 to 1
	 * @param elapsedSeconds time since the current attempt started
	 * @param etaSeconds estimated time left, from the pace so far; null when unknown
	 */
	public record Progress(Integer epoch, Integer totalEpochs, Long step, Long totalSteps, Double fraction,
			double elapsedSeconds, Double etaSeconds) {

	}

}
