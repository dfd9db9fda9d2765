package dev.lantern.tabular;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;

import dev.lantern.tabular.rossmann.RossmannSamples;
import dev.lantern.training.TrainingCallback;

/**
 * Lantern's side of the tabular PyTorch twin: the Rossmann network as
 * {@code tabular-train} builds it, trained through {@link TabularTrainer} on a sample of
 * generated rows, then timed at prediction with and without feature processing.
 */
public final class TabularTwinSupport {

	private TabularTwinSupport() {
	}

	/**
	 * What the twin needs to build the same network, and Lantern's figures.
	 *
	 * @param cardinalities the categorical columns' cardinalities, in input order
	 * @param continuous how many continuous columns
	 * @param yMax the top of the y range
	 * @param parameters the graph's parameter count (BatchNorm running statistics
	 * included)
	 * @param trainable the parameters an optimiser updates
	 * @param figures rows per second by name
	 */
	public record Measured(List<Integer> cardinalities, int continuous, double yMax, long parameters, long trainable,
			Map<String, Double> figures) {

	}

	/**
	 * Generates Rossmann data, trains the lesson's network on {@code rows} random
	 * training rows for {@code repeats} epochs (the first {@code warmup} steps untimed),
	 * and predicts {@code predictRows} rows.
	 * @param directory where the generated CSV files go
	 * @param stores stores to generate
	 * @param days days to generate
	 * @param layers hidden layer sizes
	 * @param ps dropout per hidden layer
	 * @param embeddingDropout dropout after the embeddings
	 * @param batch batch size
	 * @param rows training rows per epoch
	 * @param predictRows rows to predict
	 * @param warmup untimed training steps (prediction: one untimed pass)
	 * @param repeats timed epochs and prediction passes (the median is reported)
	 */
	public static Measured run(Path directory, int stores, int days, List<Integer> layers, List<Double> ps,
			double embeddingDropout, int batch, int rows, int predictRows, int warmup, int repeats) throws IOException {
		RossmannSamples.write(directory, stores, days, 0.1, 42, LocalDate.of(2013, 1, 1));
		TrainingTable table = TabularTestModel.load(RossmannSamples.preset(), directory, 14);
		Frame features = table.features();
		SplittableRandom random = new SplittableRandom(7);
		int[] all = table.split().train().clone();
		shuffle(all, random);
		int[] trainRows = Arrays.copyOf(all, Math.min(rows, all.length));
		int[] validRows = Arrays.copyOf(table.split().valid(), Math.min(batch, table.split().valid().length));
		TabularTrainer.Split split = new TabularTrainer.Split(trainRows, validRows);
		TabularSettings settings = new TabularSettings(layers, ps, embeddingDropout, 1.2, repeats, 1e-3, 0.2, batch,
				42);
		StepClock clock = new StepClock(warmup, batch, trainRows.length);
		TabularTrainer.Result result = TabularTrainer.fit(features, split, "Sales", table.schema().categorical(),
				table.schema().continuous(), settings, clock);
		ComputationGraph graph = result.graph();
		Map<String, Double> figures = new LinkedHashMap<>();
		figures.put("train_rows_per_s", median(clock.speeds()));
		// The same training through DL4J's graph.fit (how Lantern trained before
		// TabularTrainingStep), in the same run.
		boolean fast = TabularTrainer.fastTraining;
		TabularTrainer.fastTraining = false;
		try {
			StepClock dl4j = new StepClock(warmup, batch, trainRows.length);
			TabularTrainer.fit(features, split, "Sales", table.schema().categorical(), table.schema().continuous(),
					settings, dl4j);
			figures.put("train_rows_per_s_dl4j_fit", median(dl4j.speeds()));
		}
		finally {
			TabularTrainer.fastTraining = fast;
		}

		int[] predictSample = Arrays.copyOf(all, Math.min(predictRows, all.length));
		TabularProcs.Encoded encoded = result.procs().apply(features.select(predictSample));
		TabularSchema schema = TabularTrainJob.withYMax(table.schema(), result.yMax());
		TabularModel model = new TabularModel(graph, result.procs(), schema, RossmannSamples.preset()
			.pipeline(schema, directory, TabularTestModel.DATASET_PROPERTIES.maxFieldChars()));
		// As a served model predicts (TabularForward when the graph allows it), and
		// through
		// DL4J's graph.output for comparison.
		figures.put("predict_rows_per_s", median(rate(encoded.rows(), 1, repeats, () -> model.predictLog(encoded))));
		figures.put("predict_rows_per_s_dl4j_graph",
				median(rate(encoded.rows(), 1, repeats, () -> TabularBatches.predictLog(graph, encoded))));
		Frame raw = TabularTestModel.readRaw(directory.resolve("train.csv"), schema);
		int[] rawSample = new int[Math.min(predictRows, raw.rows())];
		for (int i = 0; i < rawSample.length; i++) {
			rawSample[i] = i;
		}
		Frame rawRows = raw.select(rawSample);
		figures.put("predict_rows_per_s_with_features",
				median(rate(rawSample.length, 1, repeats, () -> model.predict(rawRows))));

		List<Integer> cardinalities = result.procs()
			.categorical()
			.stream()
			.map(TabularProcs.Categorical::cardinality)
			.toList();
		long running = Arrays.stream(graph.getLayers())
			.filter((layer) -> layer.conf().getLayer() instanceof BatchNormalization)
			.mapToLong((layer) -> 2L * ((BatchNormalization) layer.conf().getLayer()).getNOut())
			.sum();
		return new Measured(cardinalities, result.procs().continuous().size(), result.yMax(), graph.numParams(),
				graph.numParams() - running, figures);
	}

	private static double[] rate(int rows, int warmup, int repeats, Runnable pass) {
		for (int i = 0; i < warmup; i++) {
			pass.run();
		}
		double[] speeds = new double[repeats];
		for (int i = 0; i < repeats; i++) {
			long start = System.nanoTime();
			pass.run();
			speeds[i] = rows / ((System.nanoTime() - start) / 1e9);
		}
		return speeds;
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	private static void shuffle(int[] values, SplittableRandom random) {
		for (int i = values.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = values[i];
			values[i] = values[j];
			values[j] = swap;
		}
	}

	/**
	 * Times each epoch's training steps (batch making, forward, backward, update, score)
	 * from the end of its first step, after {@code warmup} steps in the first epoch:
	 * validation after each epoch is not timed.
	 */
	private static final class StepClock implements TrainingCallback {

		private final int warmup;

		private final int batch;

		private final int rows;

		private final List<Double> speeds = new ArrayList<>();

		private int stepInEpoch;

		private int firstTimed;

		private long start;

		private int timedRows;

		StepClock(int warmup, int batch, int rows) {
			this.warmup = warmup;
			this.batch = batch;
			this.rows = rows;
		}

		@Override
		public void beforeEpoch(int epoch) {
			this.stepInEpoch = 0;
			this.firstTimed = (epoch == 0) ? Math.max(1, this.warmup) : 1;
			this.timedRows = 0;
		}

		@Override
		public void afterBatch(int epoch, long step, double loss) {
			this.stepInEpoch++;
			int done = this.stepInEpoch * this.batch;
			if (this.stepInEpoch == this.firstTimed) {
				this.start = System.nanoTime();
			}
			else if (this.stepInEpoch > this.firstTimed) {
				this.timedRows += Math.min(this.batch, this.rows - (done - this.batch));
			}
			if (done >= this.rows && this.timedRows > 0) {
				this.speeds.add(this.timedRows / ((System.nanoTime() - this.start) / 1e9));
			}
		}

		double[] speeds() {
			return this.speeds.stream().mapToDouble(Double::doubleValue).toArray();
		}

	}

}
