package dev.lantern.training;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Drives a {@link TrainingCallback} from DL4J's training events, so that a
 * {@code MultiLayerNetwork} or {@code ComputationGraph} fit reports progress, records
 * metrics and can be cancelled. Add it with {@code model.addListeners(...)} and fit for
 * the epochs of the {@link FitPlan}, one {@code fit(iterator)} per epoch or
 * {@code fit(iterator, epochs)}.
 * <p>
 * Events map as follows: the first {@code onEpochStart} also fires {@code beforeFit};
 * {@code onEpochStart} fires {@code beforeEpoch}; the first forward pass of a step fires
 * {@code beforeBatch}; {@code iterationDone} fires {@code afterBatch} with the minibatch
 * loss ({@code model.score()}); {@code onEpochEnd} asks the {@link EpochEvaluator} for
 * the epoch's figures (validation loss, metrics) and fires {@code afterEpoch}; after the
 * plan's last epoch {@code afterFit} follows. Epochs count from 0 within this fit, and
 * steps count optimizer steps from 0 since the start of the fit (not DL4J's iteration
 * counter, which carries on across fits). A {@link CancelFitException} thrown by the
 * callback leaves {@code fit} as an exception: the trainer then publishes nothing. A loss
 * that is not finite stops the fit the same way ({@link DivergenceGuard}).
 * <p>
 * One instance serves one fit; it is not thread-safe (DL4J calls listeners from the
 * fitting thread).
 */
public final class CallbackTrainingListener extends BaseTrainingListener {

	private final TrainingCallback callback;

	private final FitPlan plan;

	private final EpochEvaluator evaluator;

	private boolean started;

	private boolean finished;

	private boolean inBatch;

	private int epoch;

	private long step;

	private double lossSum;

	private long batches;

	/** A listener whose epochs carry the mean training loss only. */
	public CallbackTrainingListener(TrainingCallback callback, FitPlan plan) {
		this(callback, plan, (epoch, trainLoss) -> new EpochMetrics(epoch, trainLoss, null, Map.of()));
	}

	public CallbackTrainingListener(TrainingCallback callback, FitPlan plan, EpochEvaluator evaluator) {
		this.callback = DivergenceGuard.around(callback);
		this.plan = plan;
		this.evaluator = evaluator;
	}

	/** Steps done since the start of the fit. */
	public long step() {
		return this.step;
	}

	@Override
	public void onEpochStart(Model model) {
		if (!this.started) {
			this.started = true;
			this.callback.beforeFit(this.plan);
		}
		this.lossSum = 0;
		this.batches = 0;
		this.callback.beforeEpoch(this.epoch);
	}

	@Override
	public void onForwardPass(Model model, List<INDArray> activations) {
		beforeBatch();
	}

	@Override
	public void onForwardPass(Model model, Map<String, INDArray> activations) {
		beforeBatch();
	}

	@Override
	public void iterationDone(Model model, int iteration, int epoch) {
		if (!this.inBatch) {
			beforeBatch();
		}
		this.inBatch = false;
		double loss = model.score();
		this.lossSum += loss;
		this.batches++;
		long done = this.step++;
		this.callback.afterBatch(this.epoch, done, loss);
	}

	@Override
	public void onEpochEnd(Model model) {
		double trainLoss = (this.batches > 0) ? this.lossSum / this.batches : Double.NaN;
		EpochMetrics metrics = this.evaluator.evaluate(this.epoch, trainLoss);
		this.epoch++;
		this.callback.afterEpoch(metrics);
		if (this.epoch == this.plan.epochs() && !this.finished) {
			this.finished = true;
			this.callback.afterFit();
		}
	}

	private void beforeBatch() {
		if (!this.inBatch) {
			this.inBatch = true;
			this.callback.beforeBatch(this.epoch, this.step);
		}
	}

	/**
	 * The figures of a finished epoch, computed by the trainer (for example the loss and
	 * metric on the validation set).
	 */
	@FunctionalInterface
	public interface EpochEvaluator {

		/**
		 * @param epoch the epoch that just ended, from 0
		 * @param trainLoss the mean minibatch loss of the epoch
		 * @return the epoch's figures
		 */
		EpochMetrics evaluate(int epoch, double trainLoss);

	}

}
