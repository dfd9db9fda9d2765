package dev.lantern.support;

import java.util.LinkedHashMap;
import java.util.Map;
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
		return withCallback(callback, new LinkedHashMap<>());
	}

	/**
	 * A context that keeps the job's files in the given map, by name (the value is the
	 * media type and the bytes).
	 */
	public static JobContext withCallback(TrainingCallback callback, Map<String, Attached> attached) {
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

			@Override
			public void attach(String name, String mediaType, byte[] content) {
				attached.put(name, new Attached(mediaType, content));
			}

		};
	}

	/**
	 * A file a job kept.
	 *
	 * @param mediaType its media type
	 * @param content its bytes
	 */
	public record Attached(String mediaType, byte[] content) {

	}

}
