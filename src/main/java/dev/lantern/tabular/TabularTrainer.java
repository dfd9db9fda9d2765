package dev.lantern.tabular;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.training.DivergenceGuard;
import dev.lantern.training.EpochMetrics;
import dev.lantern.training.FitPlan;
import dev.lantern.training.LrFinder;
import dev.lantern.training.LrFinderResult;
import dev.lantern.training.TrainingCallback;
import dev.lantern.training.TrainingFootprint;

/**
 * Fits the procs on the training rows, builds the network and trains it with the
 * one-cycle schedule on the log of the target, reporting train loss, validation loss and
 * exp-RMSPE after every epoch through a {@link TrainingCallback}. A loss that is not
 * finite stops the fit ({@link DivergenceGuard}).
 */
final class TabularTrainer {

	/**
	 * Whether training takes {@link TabularTrainingStep} (the default) rather than DL4J's
	 * {@code graph.fit}; {@code -Dlantern.tabular.fastTraining=false} turns it off (for
	 * comparisons).
	 */
	static volatile boolean fastTraining = !"false".equals(System.getProperty("lantern.tabular.fastTraining"));

	private TabularTrainer() {
	}

	/**
	 * What a fit produced.
	 *
	 * @param graph the trained network
	 * @param procs the procs fitted on the training rows
	 * @param yMax the top of the y range
	 * @param history the figures of every epoch
	 * @param trainRows how many training rows
	 * @param validRows how many validation rows
	 * @param learningRate the peak learning rate trained at
	 * @param lrFind the learning-rate finder's sweep that chose it, or null
	 */
	record Result(ComputationGraph graph, TabularProcs procs, double yMax, List<EpochMetrics> history, int trainRows,
			int validRows, double learningRate, LrFinderResult lrFind) {

		EpochMetrics last() {
			return this.history.get(this.history.size() - 1);
		}

	}

	/**
	 * Trains a model.
	 * @param frame the features (all rows)
	 * @param split which rows train and which validate
	 * @param target the target column (positive values)
	 * @param categorical the categorical columns
	 * @param continuous the continuous columns
	 * @param settings the settings
	 * @param callback receives the events of the fit
	 */
	static Result fit(Frame frame, Split split, String target, List<String> categorical, List<String> continuous,
			TabularSettings settings, TrainingCallback callback) {
		return fit(frame, split, target, categorical, continuous, settings, null, (footprint) -> {
		}, callback);
	}

	/**
	 * Trains a model, letting {@code admit} refuse the network's footprint before it is
	 * built (once the columns' cardinalities are known).
	 * @param admit throws when the network does not fit its device
	 */
	static Result fit(Frame frame, Split split, String target, List<String> categorical, List<String> continuous,
			TabularSettings settings, Consumer<TrainingFootprint> admit, TrainingCallback events) {
		return fit(frame, split, target, categorical, continuous, settings, null, admit, events);
	}

	/**
	 * Trains a model, at the rate the learning-rate finder suggests ({@code valley}) when
	 * finder settings are given; without a suggestion (a sweep that diverged at once) the
	 * settings' rate stays. The sweep runs outside the divergence guard: it is meant to
	 * diverge.
	 * @param finder the sweep to run first, or null to train at the settings' rate
	 * @param admit throws when the network does not fit its device
	 */
	static Result fit(Frame frame, Split split, String target, List<String> categorical, List<String> continuous,
			TabularSettings settings, LrFinder.Settings finder, Consumer<TrainingFootprint> admit,
			TrainingCallback events) {
		TrainingCallback callback = DivergenceGuard.around(events);
		Prepared data = Prepared.of(frame, split, target, categorical, continuous, settings);
		admit.accept(TabularNetwork.footprint(data.procs(), settings));
		LrFinderResult found = null;
		if (finder != null) {
			found = find(data, settings, finder, LrFinder.cancellationOf(events));
			Double valley = found.suggested("valley");
			if (valley != null) {
				settings = settings.withLearningRate(valley);
			}
		}
		return train(data, settings, callback, found);
	}

	/**
	 * Runs the learning-rate finder on a freshly built network, letting {@code admit}
	 * refuse the network's footprint before it is built (as {@code fit} does); the
	 * callback sees one epoch of the sweep's steps.
	 * @param admit throws when the network does not fit its device
	 */
	static LrFinderResult find(Frame frame, Split split, String target, List<String> categorical,
			List<String> continuous, TabularSettings settings, LrFinder.Settings finder,
			Consumer<TrainingFootprint> admit, TrainingCallback callback) {
		Prepared data = Prepared.of(frame, split, target, categorical, continuous, settings);
		admit.accept(TabularNetwork.footprint(data.procs(), settings));
		callback.beforeFit(new FitPlan(1, finder.iterations()));
		callback.beforeEpoch(0);
		LrFinderResult result = find(data, settings, finder, callback);
		callback.afterFit();
		return result;
	}

	/**
	 * The sweep over shuffled mini-batches of the training rows, reshuffled after each
	 * pass, as fastai's {@code lr_find} runs as many epochs as its iterations need.
	 */
	private static LrFinderResult find(Prepared data, TabularSettings settings, LrFinder.Settings finder,
			TrainingCallback callback) {
		ComputationGraph graph = TabularNetwork.build(data.procs(), settings, data.yMax(), finder.iterations());
		SplittableRandom random = new SplittableRandom(settings.seed() ^ 0x1F0F1L);
		int batch = Math.min(settings.batchSize(), data.train().rows());
		int[][] order = { shuffled(data.train().rows(), random) };
		int[] cursor = { 0 };
		TabularTrainingStep fast = fastStep(graph, data.procs(), settings);
		return LrFinder.find(graph, finder, () -> {
			if (cursor[0] + batch > order[0].length) {
				order[0] = shuffled(data.train().rows(), random);
				cursor[0] = 0;
			}
			int from = cursor[0];
			cursor[0] += batch;
			return data.fit(graph, fast, order[0], from, from + batch);
		}, callback);
	}

	private static Result train(Prepared data, TabularSettings settings, TrainingCallback callback,
			LrFinderResult found) {
		TabularProcs procs = data.procs();
		TabularProcs.Encoded train = data.train();
		TabularProcs.Encoded valid = data.valid();
		double[] validTarget = data.validTarget();
		double yMax = data.yMax();
		int batch = settings.batchSize();
		long steps = (train.rows() + batch - 1) / batch;
		ComputationGraph graph = TabularNetwork.build(procs, settings, yMax, steps * settings.epochs());
		SplittableRandom random = new SplittableRandom(settings.seed());
		List<EpochMetrics> history = new ArrayList<>();
		callback.beforeFit(new FitPlan(settings.epochs(), steps));
		long step = 0;
		TabularTrainingStep fast = fastStep(graph, procs, settings);
		for (int epoch = 0; epoch < settings.epochs(); epoch++) {
			callback.beforeEpoch(epoch);
			int[] order = shuffled(train.rows(), random);
			double lossSum = 0;
			for (int from = 0; from < order.length; from += batch) {
				int to = Math.min(order.length, from + batch);
				callback.beforeBatch(epoch, step);
				double loss = data.fit(graph, fast, order, from, to);
				lossSum += loss * (to - from);
				callback.afterBatch(epoch, step, loss);
				step++;
			}
			Double validLoss = null;
			Map<String, Double> metrics = new LinkedHashMap<>();
			if (valid.rows() > 0) {
				float[] predictions = TabularBatches.predictLog(graph, procs, valid);
				validLoss = Rmspe.logMse(predictions, validTarget);
				metrics.put("rmspe", Rmspe.ofLog(predictions, validTarget));
			}
			EpochMetrics figures = new EpochMetrics(epoch, lossSum / train.rows(), validLoss, metrics);
			history.add(figures);
			callback.afterEpoch(figures);
		}
		callback.afterFit();
		return new Result(graph, procs, yMax, List.copyOf(history), train.rows(), valid.rows(), settings.learningRate(),
				found);
	}

	/**
	 * The procs fitted on the training rows, both sets encoded, the log target and the y
	 * range.
	 */
	private record Prepared(TabularProcs procs, TabularProcs.Encoded train, TabularProcs.Encoded valid,
			float[] logTarget, double[] validTarget, double yMax) {

		static Prepared of(Frame frame, Split split, String target, List<String> categorical, List<String> continuous,
				TabularSettings settings) {
			TabularProcs procs = TabularProcs.fit(frame, split.train(), categorical, continuous);
			double[] y = frame.numbers(target);
			double[] trainTarget = Arrays.stream(split.train()).mapToDouble((row) -> y[row]).toArray();
			double[] validTarget = Arrays.stream(split.valid()).mapToDouble((row) -> y[row]).toArray();
			double yMax = settings.yRangeHeadroom() * Math.log(Arrays.stream(trainTarget).max().orElse(1));
			float[] logTarget = new float[trainTarget.length];
			for (int i = 0; i < logTarget.length; i++) {
				logTarget[i] = (float) Math.log(trainTarget[i]);
			}
			return new Prepared(procs, procs.apply(frame, split.train()), procs.apply(frame, split.valid()), logTarget,
					validTarget, yMax);
		}

		/**
		 * Trains on the training rows {@code order[from..to)}: through the fast step when
		 * there is one, else through {@code graph.fit}.
		 * @return the mini-batch loss, without regularization terms
		 */
		double fit(ComputationGraph graph, TabularTrainingStep fast, int[] order, int from, int to) {
			if (fast != null) {
				return fast.fit(this.train, order, from, to, this.logTarget);
			}
			MultiDataSet batchData = batch(order, from, to);
			// DL4J's score adds the regularization term of the parameters before the
			// step.
			double regularization = graph.calcRegularizationScore(true);
			graph.fit(batchData);
			double loss = graph.score() - regularization;
			TabularBatches.close(batchData.getFeatures());
			TabularBatches.close(batchData.getLabels());
			return loss;
		}

		/** The training rows {@code order[from..to)} as a mini-batch. */
		MultiDataSet batch(int[] order, int from, int to) {
			INDArray[] inputs = TabularBatches.inputs(this.train, order, from, to);
			float[] labels = new float[to - from];
			for (int i = from; i < to; i++) {
				labels[i - from] = this.logTarget[order[i]];
			}
			INDArray label = Nd4j.create(labels, new long[] { to - from, 1 }, DataType.FLOAT);
			return new MultiDataSet(inputs, new INDArray[] { label });
		}

	}

	/**
	 * The fast training step of a graph {@link TabularNetwork} built, or null (DL4J's
	 * {@code graph.fit}) when the settings turn it off or the graph is of another shape.
	 */
	private static TabularTrainingStep fastStep(ComputationGraph graph, TabularProcs procs, TabularSettings settings) {
		return fastTraining ? TabularTrainingStep.of(graph, procs, settings.seed()) : null;
	}

	private static int[] shuffled(int n, SplittableRandom random) {
		int[] order = new int[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		for (int i = n - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = order[i];
			order[i] = order[j];
			order[j] = swap;
		}
		return order;
	}

	/**
	 * Training and validation rows.
	 *
	 * @param train the training rows
	 * @param valid the validation rows
	 */
	record Split(int[] train, int[] valid) {

		/**
		 * The rows of the last {@code days} dates are the validation set, as in the
		 * lesson.
		 */
		static Split lastDays(double[] date, int[] rows, int days) {
			double last = Arrays.stream(rows).mapToDouble((row) -> date[row]).max().orElse(0);
			double cut = last - days;
			return new Split(Arrays.stream(rows).filter((row) -> date[row] <= cut).toArray(),
					Arrays.stream(rows).filter((row) -> date[row] > cut).toArray());
		}

		/** A random fraction of the rows is the validation set. */
		static Split random(int[] rows, double fraction, long seed) {
			SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
			boolean[] valid = new boolean[rows.length];
			for (int i = 0; i < rows.length; i++) {
				valid[i] = random.nextDouble() < fraction;
			}
			List<Integer> train = new ArrayList<>();
			List<Integer> validation = new ArrayList<>();
			for (int i = 0; i < rows.length; i++) {
				(valid[i] ? validation : train).add(rows[i]);
			}
			return new Split(train.stream().mapToInt(Integer::intValue).toArray(),
					validation.stream().mapToInt(Integer::intValue).toArray());
		}

	}

}
