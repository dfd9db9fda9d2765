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

	default void beforeBatch(int epoch, long step) {
	}

	default void afterBatch(int epoch, long step, double loss) {
	}

	default void afterEpoch(EpochMetrics metrics) {
	}

	default void afterFit() {
	}

}
