package dev.lantern.support;

import java.util.UUID;

import dev.lantern.jobs.JobContext;
import dev.lantern.system.backend.Device;
import dev.lantern.training.TrainingCallback;

/**
 * A {@link JobContext} for running a job type directly in a test: a fresh id, no device,
 * progress ignored, never cancelled except through the given callback.
 */
public final class JobContexts {

	private JobContexts() {
	}

	public static JobContext withCallback(TrainingCallback callback) {
		UUID id = UUID.randomUUID();
		return new JobContext() {

			@Override
			public UUID jobId() {
				return id;
			}

			@Override
			public Device device() {
				return null;
			}

			@Override
			public TrainingCallback callback() {
				return callback;
			}

			@Override
			public void progress(long step, long totalSteps) {
			}

			@Override
			public void checkCancelled() {
			}

		};
	}

}
