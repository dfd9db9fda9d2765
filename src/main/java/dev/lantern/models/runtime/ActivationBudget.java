package dev.lantern.models.runtime;

import java.time.Duration;
import java.util.Locale;

import dev.lantern.models.ServableModel;
import dev.lantern.system.errors.UnavailableException;

/**
 * What one worker of a version may run at once under
 * {@code lantern.inference.worker-memory}: the examples per forward pass whose estimated
 * activations fit the budget, and the activation memory of the largest such pass, which
 * the cache bound counts per worker.
 *
 * @param bytesPerExample the version's estimate per example, 0 when negligible
 * @param examplesPerPass the most examples a worker runs in one pass
 * @param bytes the activation memory of a pass of {@code examplesPerPass} examples
 */
record ActivationBudget(long bytesPerExample, int examplesPerPass, long bytes) {

	static final String SETTING = "lantern.inference.worker-memory";

	/**
	 * The budget of a loaded version.
	 * @param model the loaded version
	 * @param key the version, for the message
	 * @param properties the runtime's settings
	 * @throws UnavailableException when one example needs more than
	 * {@code worker-memory}: the version cannot be served with this setting
	 */
	static ActivationBudget of(ServableModel model, VersionKey key, InferenceProperties properties) {
		long budget = properties.workerMemory().toBytes();
		long perExample = Math.max(0, model.activationBytesPerExample());
		int largest = Math.max(1, model.largestPass(properties.maxBatchSize()));
		if (perExample > budget) {
			throw refused(key, perExample, budget, properties.retryAfter());
		}
		int examples = (perExample == 0) ? largest : (int) Math.min(largest, budget / perExample);
		return new ActivationBudget(perExample, examples, perExample * examples);
	}

	private static UnavailableException refused(VersionKey key, long perExample, long budget, Duration retryAfter) {
		UnavailableException refused = new UnavailableException("Model '" + key.name() + "' version " + key.version()
				+ " needs about " + megabytes(perExample) + " of activations for one input, more than " + SETTING + " ("
				+ megabytes(budget) + ") allows a worker's batch; raise " + SETTING + " to serve it", retryAfter);
		refused.with("setting", SETTING).with("activationBytesPerInput", perExample).with("workerMemoryBytes", budget);
		return refused;
	}

	private static String megabytes(long bytes) {
		return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
	}

}
