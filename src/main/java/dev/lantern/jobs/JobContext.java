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

}
