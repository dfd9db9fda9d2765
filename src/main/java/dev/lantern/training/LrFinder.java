package dev.lantern.training;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * fastai's learning-rate finder ({@code Learner.lr_find}, {@code LRFinder}): trains on
 * successive mini-batches while the rate grows exponentially from {@code startLr} to
 * {@code endLr} over {@code iterations} steps, records each step's loss and its smoothed
 * value (fastai's {@code AvgSmoothLoss}, a debiased exponential average with beta 0.98),
 * stops early once the smoothed loss exceeds 4 times its minimum ({@code stopDiv}) or is
 * no longer finite, and puts the network back as it was.
 */
public final class LrFinder {

	/** fastai's {@code AvgSmoothLoss(beta=0.98)}. */
	public static final double BETA = 0.98;

	/** fastai stops when the smoothed loss exceeds this multiple of its minimum. */
	public static final double DIVERGENCE = 4;

	private LrFinder() {
	}

	/**
	 * A sweep's settings, fastai's {@code lr_find} arguments.
	 *
	 * @param startLr the first rate (fastai {@code start_lr=1e-7})
	 * @param endLr the rate the sweep reaches after {@code iterations} steps (fastai
	 * {@code end_lr=10})
	 * @param iterations the number of steps (fastai {@code num_it=100})
	 * @param stopDiv stop once the smoothed loss exceeds 4 times its minimum (fastai
	 * {@code stop_div=True})
	 */
	public record Settings(double startLr, double endLr, int iterations, boolean stopDiv) {

		public static final Settings FASTAI = new Settings(1e-7, 10, 100, true);

		public Settings {
			if (!(startLr > 0 && startLr < endLr && Double.isFinite(endLr)) || iterations < 1) {
				throw new IllegalArgumentException("Invalid finder settings: startLr " + startLr + ", endLr " + endLr
						+ ", iterations " + iterations);
			}
		}

	}

	/** One training step of the sweep. */
	@FunctionalInterface
	public interface Step {

		/**
		 * Fits the next mini-batch at the rate the finder has set.
		 * @return the mini-batch loss, without regularization terms
		 */
		double fitNext();

	}

	/**
	 * Sweeps the rate of a graph's trainable layers: every layer whose updater has a rate
	 * above 0 now gets the sweep (layers at 0 and frozen layers stay as they are), the
	 * steps fit mini-batches, and afterwards the parameters, optimizer state, rates and
	 * counters are restored, also when the sweep was cancelled or failed.
	 * @param graph the network
	 * @param settings the sweep
	 * @param step fits one mini-batch
	 * @param callback receives {@code beforeBatch} and {@code afterBatch} of every step
	 * (and may cancel)
	 */
	public static LrFinderResult find(ComputationGraph graph, Settings settings, Step step, TrainingCallback callback) {
		GraphSnapshot snapshot = GraphSnapshot.of(graph);
		try {
			LrSweepSchedule schedule = new LrSweepSchedule(settings.startLr(), settings.endLr(), settings.iterations(),
					graph.getConfiguration().getIterationCount());
			sweep(graph, schedule);
			return run(settings, step, callback);
		}
		finally {
			snapshot.restore();
		}
	}

	/**
	 * The sweep's loop on its own, for a step that sets its own rate: rate {@code i} is
	 * {@code startLr * (endLr / startLr)^(i / iterations)}.
	 */
	public static LrFinderResult run(Settings settings, Step step, TrainingCallback callback) {
		LrSweepSchedule rates = new LrSweepSchedule(settings.startLr(), settings.endLr(), settings.iterations(), 0);
		List<double[]> points = new ArrayList<>();
		double average = 0;
		double best = Double.POSITIVE_INFINITY;
		String stopped = "completed";
		for (int i = 0; i < settings.iterations(); i++) {
			callback.beforeBatch(0, i);
			double loss = step.fitNext();
			average = BETA * average + (1 - BETA) * loss;
			double smoothed = average / (1 - Math.pow(BETA, i + 1));
			points.add(new double[] { rates.rateAt(i), loss, smoothed });
			callback.afterBatch(0, i, loss);
			if (!Double.isFinite(smoothed)) {
				stopped = "non-finite";
				break;
			}
			best = Math.min(best, smoothed);
			if (settings.stopDiv() && smoothed > DIVERGENCE * best) {
				stopped = "diverged";
				break;
			}
		}
		return LrFinderResult.of(settings, points, stopped);
	}

	private static void sweep(ComputationGraph graph, LrSweepSchedule schedule) {
		int iteration = graph.getConfiguration().getIterationCount();
		int epoch = graph.getConfiguration().getEpochCount();
		for (Layer layer : graph.getLayers()) {
			if (layer.conf().getLayer() instanceof BaseLayer base && base.getIUpdater() != null
					&& base.getIUpdater().hasLearningRate()
					&& base.getIUpdater().getLearningRate(iteration, epoch) > 0) {
				IUpdater updater = base.getIUpdater().clone();
				updater.setLrAndSchedule(schedule.valueAt(iteration, epoch), schedule);
				base.setIUpdater(updater);
				if (base.getBiasUpdater() != null) {
					base.setBiasUpdater(updater.clone());
				}
			}
		}
		graph.setUpdater(null);
		graph.getUpdater();
	}

	/**
	 * A callback that passes on only {@code beforeBatch} (where a job checks for
	 * cancellation), for a sweep inside a training job whose progress counts the
	 * training's own steps.
	 */
	public static TrainingCallback cancellationOf(TrainingCallback callback) {
		return new TrainingCallback() {
			@Override
			public void beforeBatch(int epoch, long step) {
				callback.beforeBatch(epoch, step);
			}
		};
	}

}
