package dev.lantern.vision.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import dev.lantern.training.DecoupledWeightDecay;
import dev.lantern.training.DivergenceGuard;
import dev.lantern.training.EpochMetrics;
import dev.lantern.training.FitPlan;
import dev.lantern.training.ForwardingTrainingCallback;
import dev.lantern.training.LrFinder;
import dev.lantern.training.LrFinderResult;
import dev.lantern.training.OneCycleSchedule;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.training.TrainingCallback;
import dev.lantern.vision.augment.Augmenter;
import dev.lantern.vision.dataset.ImageManifest;
import dev.lantern.vision.dataset.ImageManifest.Entry;
import dev.lantern.vision.dataset.ImageManifest.Split;
import dev.lantern.vision.image.ImageDecoder;
import dev.lantern.vision.image.Normalization;
import dev.lantern.vision.interpret.Interpretation;
import dev.lantern.vision.nets.VisionNet;

/**
 * fastai lesson 6's training recipe on a {@link VisionNet}: freeze the body and fit one
 * cycle, then unfreeze and fit one cycle with discriminative learning rates across the
 * layer groups; after every epoch, the validation loss and error rate. Reports every
 * event to a {@link TrainingCallback}, which may cancel the fit; a loss that is not
 * finite stops it ({@link DivergenceGuard}).
 */
final class VisionTrainer {

	/** The finder's stage names. */
	static final String FROZEN = "frozen";

	static final String UNFROZEN = "unfrozen";

	/** Lesson 6's rates, when an {@code auto} sweep gives no suggestion. */
	private static final double FROZEN_FALLBACK = 1e-2;

	private static final double UNFROZEN_FALLBACK = 1e-3;

	private final int decodeThreads;

	private final int prefetchBatches;

	private final long maxImagePixels;

	VisionTrainer(int decodeThreads, int prefetchBatches, long maxImagePixels) {
		this.decodeThreads = decodeThreads;
		this.prefetchBatches = prefetchBatches;
		this.maxImagePixels = maxImagePixels;
	}

	/**
	 * Trains a freshly built network.
	 * @param net the network, unfrozen; its weight decay becomes the spec's
	 */
	TrainingResult train(VisionNet net, Path datasetDirectory, ImageManifest manifest, VisionTrainSpec spec,
			TrainingCallback events) {
		TrainingCallback callback = DivergenceGuard.around(events);
		List<String> labels = manifest.labels();
		List<ImageSample> train = samples(datasetDirectory, manifest.split(Split.TRAIN), labels);
		List<ImageSample> valid = samples(datasetDirectory, manifest.split(Split.VALID), labels);
		if (train.isEmpty()) {
			throw InvalidInputException.field("spec.datasetId", "The dataset has no training images");
		}
		ExecutorService pool = Executors.newFixedThreadPool(this.decodeThreads, daemonThreads());
		ImageDecoder decoder = new ImageDecoder(this.maxImagePixels);
		Augmenter augmenter = new Augmenter(spec.transforms());
		try (ImageBatchIterator trainBatches = new ImageBatchIterator(train, labels, spec.imageSize(), spec.batchSize(),
				augmenter, Normalization.IMAGENET, decoder, pool, this.prefetchBatches, spec.seed());
				ImageBatchIterator validBatches = new ImageBatchIterator(valid, labels, spec.imageSize(),
						spec.batchSize(), null, Normalization.IMAGENET, decoder, pool, this.prefetchBatches,
						spec.seed())) {
			ResizeStage resize = spec.resize();
			int epochs = spec.frozenEpochs() + spec.unfrozenEpochs() + ((resize != null) ? resize.epochs() : 0);
			long steps = trainBatches.batchesPerEpoch();
			callback.beforeFit(new FitPlan(epochs, steps));
			List<EpochMetrics> history = new ArrayList<>();
			Interpretation interpretation = null;
			Fit fit = new Fit(trainBatches, validBatches, valid, callback, history);
			DecoupledWeightDecay.apply(net.graph(), spec.weightDecay());
			VisionNet network = net;
			Map<String, LrFinderResult> finds = new LinkedHashMap<>();
			Map<String, Double> rates = new LinkedHashMap<>();
			if (spec.frozenEpochs() > 0) {
				network = network.freeze();
				int groups = network.layerGroups().size();
				double rate = spec.frozenLr().orElse(FROZEN_FALLBACK);
				if (spec.frozenLr().auto()) {
					LrFinderResult found = find(network, trainBatches, LrFinder.Settings.FASTAI,
							LrFinder.cancellationOf(callback));
					finds.put(FROZEN, found);
					rate = (found.suggested("valley") != null) ? found.suggested("valley") : rate;
				}
				rates.put("frozenLr", rate);
				interpretation = fit.run(network, spec.frozenEpochs(), LayerGroupRates.slice(rate, groups),
						spec.pctStart());
			}
			if (spec.unfrozenEpochs() > 0) {
				network = network.unfreeze();
				int groups = network.layerGroups().size();
				double hi = spec.unfrozenLrMax().orElse(UNFROZEN_FALLBACK);
				if (spec.unfrozenLrMax().auto()) {
					LrFinderResult found = find(network, trainBatches, LrFinder.Settings.FASTAI,
							LrFinder.cancellationOf(callback));
					finds.put(UNFROZEN, found);
					hi = (found.suggested("valley") != null) ? found.suggested("valley") : hi;
				}
				// A chosen top rate below the spec's bottom one: fastai's fine_tune
				// spreads
				// slice(hi / 100, hi).
				double lo = (spec.unfrozenLrMin() <= hi) ? spec.unfrozenLrMin() : hi / 100;
				rates.put("unfrozenLrMin", lo);
				rates.put("unfrozenLrMax", hi);
				interpretation = fit.run(network, spec.unfrozenEpochs(), LayerGroupRates.slice(lo, hi, groups),
						spec.pctStart());
			}
			if (resize != null) {
				int batchSize = resize.batchSizeOr(spec.batchSize());
				try (ImageBatchIterator largerTrain = new ImageBatchIterator(train, labels, resize.imageSize(),
						batchSize, augmenter, Normalization.IMAGENET, decoder, pool, this.prefetchBatches,
						spec.seed() + 1);
						ImageBatchIterator largerValid = new ImageBatchIterator(valid, labels, resize.imageSize(),
								batchSize, null, Normalization.IMAGENET, decoder, pool, this.prefetchBatches,
								spec.seed() + 1)) {
					network = network.unfreeze();
					int groups = network.layerGroups().size();
					interpretation = fit.on(largerTrain, largerValid)
						.run(network, resize.epochs(), LayerGroupRates.slice(resize.lrMin(), resize.lrMax(), groups),
								resize.pctStart());
				}
			}
			callback.afterFit();
			return new TrainingResult(network.graph(), labels, List.copyOf(history), interpretation, finds, rates);
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Runs the learning-rate finder on a freshly built network, frozen or unfrozen, with
	 * the spec's images, batch size, transforms and weight decay. For an unfrozen sweep
	 * the spec's frozen stage runs first (its {@code frozenEpochs} at
	 * {@code slice(frozenLr)}, validated after each epoch, as in {@link #train}), as
	 * lesson 6 fits the head before {@code learn.unfreeze(); learn.lr_find()}. The
	 * callback sees the frozen epochs, then the sweep as one more epoch; the sweep leaves
	 * the network as it found it.
	 * @param spec the data and network; its {@code frozenEpochs} fit before an unfrozen
	 * sweep (0: none)
	 */
	Sweep find(VisionNet net, Path datasetDirectory, ImageManifest manifest, VisionTrainSpec spec, boolean unfrozen,
			LrFinder.Settings settings, TrainingCallback callback) {
		List<String> labels = manifest.labels();
		List<ImageSample> train = samples(datasetDirectory, manifest.split(Split.TRAIN), labels);
		List<ImageSample> valid = samples(datasetDirectory, manifest.split(Split.VALID), labels);
		if (train.isEmpty()) {
			throw InvalidInputException.field("spec.datasetId", "The dataset has no training images");
		}
		int fitEpochs = unfrozen ? spec.frozenEpochs() : 0;
		ExecutorService pool = Executors.newFixedThreadPool(this.decodeThreads, daemonThreads());
		ImageDecoder decoder = new ImageDecoder(this.maxImagePixels);
		try (ImageBatchIterator batches = new ImageBatchIterator(train, labels, spec.imageSize(), spec.batchSize(),
				new Augmenter(spec.transforms()), Normalization.IMAGENET, decoder, pool, this.prefetchBatches,
				spec.seed());
				ImageBatchIterator validBatches = new ImageBatchIterator(valid, labels, spec.imageSize(),
						spec.batchSize(), null, Normalization.IMAGENET, decoder, pool, this.prefetchBatches,
						spec.seed())) {
			DecoupledWeightDecay.apply(net.graph(), spec.weightDecay());
			long steps = batches.batchesPerEpoch();
			List<EpochMetrics> history = new ArrayList<>();
			Double frozenLr = null;
			VisionNet network = net;
			if (fitEpochs > 0) {
				callback.beforeFit(new FitPlan(fitEpochs + 1, steps));
				network = network.freeze();
				frozenLr = spec.frozenLr().orElse(FROZEN_FALLBACK);
				new Fit(batches, validBatches, valid, DivergenceGuard.around(callback), history).run(network, fitEpochs,
						LayerGroupRates.slice(frozenLr, network.layerGroups().size()), spec.pctStart());
			}
			else {
				callback.beforeFit(new FitPlan(1, settings.iterations()));
			}
			network = unfrozen ? network.unfreeze() : network.freeze();
			callback.beforeEpoch(fitEpochs);
			TrainingCallback sweepEvents = (fitEpochs > 0)
					? new SweepAsEpoch(callback, fitEpochs, steps, settings.iterations()) : callback;
			LrFinderResult result = find(network, batches, settings, sweepEvents);
			callback.afterFit();
			return new Sweep(result, fitEpochs, frozenLr, List.copyOf(history));
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * A finder's sweep and what ran before it.
	 *
	 * @param found the sweep
	 * @param frozenEpochs the epochs fitted frozen before it
	 * @param frozenLr the peak rate of that fit, or null without one
	 * @param history the figures of its epochs
	 */
	record Sweep(LrFinderResult found, int frozenEpochs, Double frozenLr, List<EpochMetrics> history) {

	}

	/**
	 * The sweep's steps as the last epoch of a plan whose epochs take {@code steps}
	 * steps: sweep step {@code i} of {@code n} is reported at the matching fraction of
	 * that epoch, so the job's progress keeps rising to the end.
	 */
	private static final class SweepAsEpoch extends ForwardingTrainingCallback {

		private final int epoch;

		private final long first;

		private final long steps;

		private final int iterations;

		SweepAsEpoch(TrainingCallback delegate, int epoch, long steps, int iterations) {
			super(delegate);
			this.epoch = epoch;
			this.first = epoch * steps;
			this.steps = steps;
			this.iterations = iterations;
		}

		@Override
		public void beforeBatch(int epoch, long step) {
			super.beforeBatch(this.epoch, at(step));
		}

		@Override
		public void afterBatch(int epoch, long step, double loss) {
			super.afterBatch(this.epoch, at(step), loss);
		}

		private long at(long step) {
			return this.first + Math.max(0, (step + 1) * this.steps / this.iterations - 1);
		}

	}

	/**
	 * fastai's {@code lr_find} on the network's trainable layer groups, all at the same
	 * rate, over as many passes of the training images as the sweep needs.
	 */
	private static LrFinderResult find(VisionNet network, ImageBatchIterator batches, LrFinder.Settings settings,
			TrainingCallback callback) {
		// Any positive rate marks the trainable groups; the finder sweeps exactly those.
		List<Object> marks = new ArrayList<>();
		for (int g = 0; g < network.layerGroups().size(); g++) {
			marks.add(1.0);
		}
		LayerGroupRates.apply(network, marks);
		ComputationGraph graph = network.graph();
		batches.reset();
		return LrFinder.find(graph, settings, () -> {
			if (!batches.hasNext()) {
				batches.reset();
			}
			graph.fit(batches.next());
			return graph.score() - graph.calcRegularizationScore(true);
		}, callback);
	}

	private static List<ImageSample> samples(Path directory, List<Entry> entries, List<String> labels) {
		return entries.stream()
			.map((entry) -> new ImageSample(directory.resolve(entry.path()), labels.indexOf(entry.label()),
					entry.source()))
			.toList();
	}

	private static java.util.concurrent.ThreadFactory daemonThreads() {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "vision-decode-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/** The epochs of one training run, numbered across its stages. */
	private static final class Fit {

		private ImageBatchIterator train;

		private ImageBatchIterator valid;

		private final List<ImageSample> validSamples;

		private final TrainingCallback callback;

		private final List<EpochMetrics> history;

		private int epoch;

		private long step;

		Fit(ImageBatchIterator train, ImageBatchIterator valid, List<ImageSample> validSamples,
				TrainingCallback callback, List<EpochMetrics> history) {
			this.train = train;
			this.valid = valid;
			this.validSamples = validSamples;
			this.callback = callback;
			this.history = history;
		}

		/**
		 * Continues on other batches (progressive resizing: the same images, larger),
		 * numbering epochs and steps on.
		 */
		Fit on(ImageBatchIterator train, ImageBatchIterator valid) {
			this.train = train;
			this.valid = valid;
			return this;
		}

		/** Fits one cycle per layer group, each peaking at its group's rate. */
		Interpretation run(VisionNet network, int epochs, double[] groupRates, double pctStart) {
			ComputationGraph graph = network.graph();
			long totalSteps = (long) epochs * this.train.batchesPerEpoch();
			int first = graph.getIterationCount();
			List<Object> schedules = new ArrayList<>();
			for (double rate : groupRates) {
				schedules.add((rate > 0)
						? new OneCycleSchedule(rate, (int) totalSteps, first, pctStart,
								OneCycleSchedule.DEFAULT_DIV_FACTOR, OneCycleSchedule.DEFAULT_FINAL_DIV)
						: (Object) 0.0);
			}
			LayerGroupRates.apply(network, schedules);
			Interpretation interpretation = null;
			for (int e = 0; e < epochs; e++) {
				interpretation = epoch(graph);
			}
			return interpretation;
		}

		private Interpretation epoch(ComputationGraph graph) {
			int current = this.epoch++;
			this.callback.beforeEpoch(current);
			this.train.reset();
			double lossSum = 0;
			long steps = 0;
			while (this.train.hasNext()) {
				DataSet batch = this.train.next();
				this.callback.beforeBatch(current, this.step);
				graph.fit(batch);
				// DL4J's score includes the weight decay term; fastai reports the loss
				// alone.
				double loss = graph.score() - graph.calcRegularizationScore(true);
				lossSum += loss;
				this.callback.afterBatch(current, this.step, loss);
				this.step++;
				steps++;
			}
			Interpretation interpretation = evaluate(graph);
			Map<String, Double> metrics = new LinkedHashMap<>();
			if (interpretation != null) {
				metrics.put("error_rate", interpretation.errorRate());
				metrics.put("accuracy", 1 - interpretation.errorRate());
			}
			EpochMetrics figures = new EpochMetrics(current, lossSum / Math.max(1, steps),
					(interpretation != null) ? interpretation.validLoss() : null, metrics);
			this.history.add(figures);
			this.callback.afterEpoch(figures);
			return interpretation;
		}

		private Interpretation evaluate(ComputationGraph graph) {
			if (this.validSamples.isEmpty()) {
				return null;
			}
			Interpretation.Builder builder = new Interpretation.Builder(this.valid.getLabels());
			this.valid.reset();
			int index = 0;
			while (this.valid.hasNext()) {
				DataSet batch = this.valid.next();
				INDArray output = graph.output(batch.getFeatures())[0];
				for (int row = 0; row < output.rows(); row++) {
					ImageSample sample = this.validSamples.get(index++);
					builder.add(sample.source(), sample.label(), output.getRow(row).toFloatVector());
				}
			}
			return builder.build();
		}

	}

}
