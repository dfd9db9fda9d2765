package dev.lantern.training;

import java.util.Map;

/**
 * Stops a fit the moment its loss is no longer a finite number, before anyone records it:
 * a minibatch loss, an epoch's validation loss or an epoch metric that is NaN or infinite
 * throws {@link TrainingDivergedException}. Every trainer wraps its callback in one, so
 * no fit can run on (or publish) NaN weights.
 */
public final class DivergenceGuard extends ForwardingTrainingCallback {

	private long lastStep = -1;

	private DivergenceGuard(TrainingCallback delegate) {
		super(delegate);
	}

	/** The callback behind a guard (once: a guard is not wrapped again). */
	public static TrainingCallback around(TrainingCallback callback) {
		return (callback instanceof DivergenceGuard) ? callback : new DivergenceGuard(callback);
	}

	@Override
	public void afterBatch(int epoch, long step, double loss) {
		this.lastStep = step;
		if (!Double.isFinite(loss)) {
			throw new TrainingDivergedException(epoch, step, "loss", loss);
		}
		super.afterBatch(epoch, step, loss);
	}

	@Override
	public void afterEpoch(EpochMetrics metrics) {
		long step = Math.max(0, this.lastStep);
		if (metrics.validLoss() != null && !Double.isFinite(metrics.validLoss())) {
			throw new TrainingDivergedException(metrics.epoch(), step, "validation loss", metrics.validLoss());
		}
		for (Map.Entry<String, Double> metric : metrics.metrics().entrySet()) {
			if (metric.getValue() != null && !Double.isFinite(metric.getValue())) {
				throw new TrainingDivergedException(metrics.epoch(), step, metric.getKey(), metric.getValue());
			}
		}
		super.afterEpoch(metrics);
	}

}
