package dev.lantern.training;

/**
 * The events of a training loop, after fastai's callbacks ({@code before_fit},
 * {@code before_epoch}, {@code before_batch}, {@code after_batch}, {@code after_epoch},
 * {@code after_fit}). Any event may throw {@link CancelFitException} to stop the fit; the
 * trainer then cleans up and publishes nothing.
 */
public interface TrainingCallback {

	/** A callback that does nothing. */
	TrainingCallback NONE = new TrainingCallback() {
	};

	default void beforeFit(FitPlan plan) {
	}

	default void beforeEpoch(int epoch) {
	}

	/**
	 * Before an optimizer step.
	 * @param epoch the epoch, from 0
	 * @param step the step, counted from 0 since the start of the fit (not within the
	 * epoch)
	 */
	default void beforeBatch(int epoch, long step) {
	}

	/**
	 * After an optimizer step.
	 * @param epoch the epoch, from 0
	 * @param step the step just done, counted from 0 since the start of the fit
	 * @param loss the step's minibatch loss
	 */
	default void afterBatch(int epoch, long step, double loss) {
	}

	default void afterEpoch(EpochMetrics metrics) {
	}

	default void afterFit() {
	}

}
