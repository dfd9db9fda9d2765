package dev.lantern.training;

/**
 * A callback that passes every event on to another one; decorators override the events
 * they look at and call {@code super} to pass them on.
 */
public abstract class ForwardingTrainingCallback implements TrainingCallback {

	private final TrainingCallback delegate;

	protected ForwardingTrainingCallback(TrainingCallback delegate) {
		this.delegate = delegate;
	}

	@Override
	public void beforeFit(FitPlan plan) {
		this.delegate.beforeFit(plan);
	}

	@Override
	public void beforeEpoch(int epoch) {
		this.delegate.beforeEpoch(epoch);
	}

	@Override
	public void beforeBatch(int epoch, long step) {
		this.delegate.beforeBatch(epoch, step);
	}

	@Override
	public void afterBatch(int epoch, long step, double loss) {
		this.delegate.afterBatch(epoch, step, loss);
	}

	@Override
	public void afterEpoch(EpochMetrics metrics) {
		this.delegate.afterEpoch(metrics);
	}

	@Override
	public void afterFit() {
		this.delegate.afterFit();
	}

}
