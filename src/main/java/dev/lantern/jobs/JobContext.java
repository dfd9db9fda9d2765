package dev.lantern.jobs;

import java.util.UUID;

import dev.lantern.system.backend.Device;
import dev.lantern.training.TrainingCallback;

/**
 * What a running job sees of the queue.
 */
public interface JobContext {

	UUID jobId();

	/** The device this job's thread is bound to. */
	Device device();

	/**
	 * A callback for training loops: records progress and per-epoch metrics on the job,
	 * renews its lease and throws {@link dev.lantern.training.CancelFitException} when
	 * the job was cancelled.
	 */
	TrainingCallback callback();

	/** For work that is not a training loop: reports progress as step of total steps. */
	void progress(long step, long totalSteps);

	/**
	 * Throws {@link dev.lantern.training.CancelFitException} if the job was cancelled.
	 */
	void checkCancelled();

	/**
	 * Keeps a file the job produced (a plot, a series as JSON), served at {@code GET
	 * /api/v1/jobs/{id}/artifacts/{name}} by every replica and deleted with the job. A
	 * file of the same name is replaced.
	 * @param name letters, digits, '.', '-' and '_', starting with a letter or digit
	 * @param mediaType {@code image/png}, {@code application/json}, {@code text/csv} or
	 * {@code text/plain}
	 * @throws dev.lantern.system.errors.TooLargeException past
	 * {@code lantern.jobs.artifacts.max-bytes} or {@code max-count}
	 */
	void attach(String name, String mediaType, byte[] content);

}
