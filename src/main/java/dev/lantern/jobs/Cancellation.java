package dev.lantern.jobs;

/**
 * What cancelling a job did.
 *
 * @param job the job after the cancellation
 * @param requested true when the job was running and was asked to stop at its next step
 * (it may have stopped already: {@code job} then says CANCELLED); false when a queued job
 * was cancelled at once, or the job had been cancelled before
 */
public record Cancellation(JobView job, boolean requested) {

}
