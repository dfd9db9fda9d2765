package dev.lantern.tabular;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.lantern.benchmarks.InferenceCase;
import dev.lantern.models.ModelPublisher;
import dev.lantern.models.NewModelVersion;
import dev.lantern.tabular.rossmann.RossmannSamples;
import dev.lantern.training.EpochMetrics;
import dev.lantern.training.TrainingCallback;

/**
 * Runs the tabular pipeline at a given size for the benchmark: generation, features,
 * training, prediction, each timed; and publishes a small trained Rossmann model for the
 * inference benchmark.
 */
public final class TabularBenchmarkSupport {

	private TabularBenchmarkSupport() {
	}

	/**
	 * Generates Rossmann data, trains and predicts, and returns the measured figures.
	 * @param directory where the generated CSV files go
	 * @param stores stores
	 * @param days days
	 * @param sigma noise on log sales
	 * @param layers hidden layer sizes
	 * @param epochs epochs
	 * @param batchSize batch size
	 * @param learningRate peak learning rate
	 * @param validDays validation days
	 * @return the figures by name, in table order
	 */
	public static Map<String, Object> run(Path directory, int stores, int days, double sigma, List<Integer> layers,
			int epochs, int batchSize, double learningRate, int validDays) throws IOException {
		Map<String, Object> figures = new LinkedHashMap<>();
		long start = System.nanoTime();
		RossmannSamples.write(directory, stores, days, sigma, 42, LocalDate.of(2013, 1, 1));
		figures.put("generate_s", seconds(start));
		start = System.nanoTime();
		TrainingTable table = TabularTestModel.load(RossmannSamples.preset(), directory, validDays);
		Frame features = table.features();
		figures.put("rows", features.rows());
		figures.put("read_and_features_s", seconds(start));
		phase("features built");
		TabularTrainer.Split split = table.split();
		List<Double> ps = new ArrayList<>();
		for (int i = 0; i < layers.size(); i++) {
			ps.add((i == 0) ? 0.001 : 0.01);
		}
		TabularSettings settings = new TabularSettings(layers, ps, 0.04, 1.2, epochs, learningRate, 0.2, batchSize, 42);
		List<String> history = new ArrayList<>();
		start = System.nanoTime();
		TabularTrainer.Result result = TabularTrainer.fit(features, split, "Sales", table.schema().categorical(),
				table.schema().continuous(), settings, new TrainingCallback() {
					@Override
					public void afterEpoch(EpochMetrics metrics) {
						history.add(String.format("epoch %d: train %.4f valid %.4f rmspe %.4f", metrics.epoch(),
								metrics.trainLoss(), metrics.validLoss(), metrics.metrics().get("rmspe")));
					}
				});
		double trainSeconds = seconds(start);
		phase("trained");
		figures.put("train_rows", result.trainRows());
		figures.put("valid_rows", result.validRows());
		figures.put("parameters", result.graph().numParams());
		figures.put("train_s", trainSeconds);
		figures.put("train_rows_per_s", result.trainRows() * (double) epochs / trainSeconds);
		TabularSchema schema = TabularTrainJob.withYMax(table.schema(), result.yMax());
		TabularModel model = new TabularModel(result.graph(), result.procs(), schema, RossmannSamples.preset()
			.pipeline(schema, directory, TabularTestModel.DATASET_PROPERTIES.maxFieldChars()));
		Frame raw = TabularTestModel.readRaw(directory.resolve("train.csv"), schema);
		start = System.nanoTime();
		phase("raw read");
		start = System.nanoTime();
		List<TabularPrediction> predictions = model.predict(raw);
		double predictSeconds = seconds(start);
		phase("predicted with features");
		figures.put("predict_rows_per_s_with_features", predictions.size() / predictSeconds);
		TabularProcs.Encoded valid = result.procs().apply(features.select(split.valid()));
		start = System.nanoTime();
		TabularBatches.predictLog(result.graph(), result.procs(), valid);
		figures.put("predict_rows_per_s_network_only", valid.rows() / seconds(start));
		phase("predicted network only");
		double rmspe = result.last().metrics().get("rmspe");
		double floor = RossmannSamples.rmspeFloor(sigma);
		figures.put("rmspe", rmspe);
		figures.put("rmspe_floor", floor);
		figures.put("rmspe_over_floor", rmspe / floor);
		figures.put("median_baseline_rmspe", medianBaseline(features, split));
		figures.put("history", history);
		return figures;
	}

	/**
	 * Generates Rossmann data and trains on it as a {@code tabular-train} job whose spec
	 * names only the model and the dataset (plus the given overrides): the defaults are
	 * resolved from {@code application.yaml}'s values and the data, as the job resolves
	 * them.
	 * @param directory where the generated CSV files go
	 * @param stores stores
	 * @param days days
	 * @param seed the generator's seed
	 * @param batchSize the spec's batch size, or null for the default
	 * @param learningRate the spec's learning rate, or null for the default
	 * @param epochs the spec's epochs, or null for the default
	 * @return the figures by name, in table order
	 */
	public static Map<String, Object> runDefaults(Path directory, int stores, int days, long seed, Integer batchSize,
			Double learningRate, Integer epochs) throws IOException {
		return runDefaults(directory, stores, days, seed, batchSize,
				(learningRate != null) ? dev.lantern.training.LearningRate.of(learningRate) : null, epochs);
	}

	/**
	 * As {@link #runDefaults(Path, int, int, long, Integer, Double, Integer)}, with a
	 * learning rate that may be {@code "auto"} (the finder's valley, found first).
	 */
	public static Map<String, Object> runDefaults(Path directory, int stores, int days, long seed, Integer batchSize,
			dev.lantern.training.LearningRate learningRate, Integer epochs) throws IOException {
		double sigma = 0.1;
		java.nio.file.Files.createDirectories(directory);
		RossmannSamples.write(directory, stores, days, sigma, seed, LocalDate.of(2013, 1, 1));
		TabularTrainSpec spec = new TabularTrainSpec("sales", "sample", null, null, "rossmann", null, null, null, null,
				null, null, null, null, epochs, learningRate, null, batchSize, null, null, null, null);
		TrainingTable table = TrainingTable.load(spec, RossmannSamples.preset(), RossmannSamples.datasetsIn(directory),
				TabularTestModel.DATASET_PROPERTIES.maxFieldChars(), TabularTestModel.DEFAULTS);
		TabularSettings settings = spec.settings(TabularTestModel.DEFAULTS, table.split().train().length);
		List<Double> rmspes = new ArrayList<>();
		long start = System.nanoTime();
		TabularTrainer.Result result = TabularTrainer.fit(table.features(), table.split(), "Sales",
				table.schema().categorical(), table.schema().continuous(), settings,
				spec.autoLearningRate() ? dev.lantern.training.LrFinder.Settings.FASTAI : null, (footprint) -> {
				}, new TrainingCallback() {
					@Override
					public void afterEpoch(EpochMetrics metrics) {
						rmspes.add(metrics.metrics().get("rmspe"));
					}
				});
		double trainSeconds = seconds(start);
		double rmspe = result.last().metrics().get("rmspe");
		double floor = RossmannSamples.rmspeFloor(sigma);
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("train_rows", result.trainRows());
		figures.put("batch", settings.batchSize());
		figures.put("lr", result.learningRate());
		figures.put("epochs", settings.epochs());
		figures.put("rmspe", rmspe);
		figures.put("x_floor", rmspe / floor);
		figures.put("train_rows_per_s", result.trainRows() * (double) settings.epochs() / trainSeconds);
		figures.put("train_s", trainSeconds);
		figures.put("rmspe_per_epoch", rmspes);
		return figures;
	}

	/**
	 * Generates Rossmann data, trains a model on it with the lesson's layers (1000, 500)
	 * and publishes it as a {@code tabular} version, as {@code tabular-train} does.
	 * Requests predict rows of the generated data, {@code rowsPerRequest} consecutive
	 * rows each (one store and day per row).
	 * @param publisher the registry
	 * @param directory where the generated CSV files go
	 * @param name the model's name
	 * @param stores stores to generate
	 * @param days days to generate
	 * @param epochs training epochs
	 * @param rowsPerRequest rows in each request
	 * @return the case to measure
	 * @throws IOException when the data or the version cannot be written
	 */
	public static InferenceCase<TabularModel, Frame, List<TabularPrediction>> publishRossmann(ModelPublisher publisher,
			Path directory, String name, int stores, int days, int epochs, int rowsPerRequest) throws IOException {
		RossmannSamples.write(directory, stores, days, 0.1, 42, LocalDate.of(2014, 1, 1));
		TrainingTable table = TabularTestModel.load(RossmannSamples.preset(), directory, 14);
		TabularSettings settings = new TabularSettings(List.of(1000, 500), List.of(0.001, 0.01), 0.04, 1.2, epochs,
				1e-3, 0.2, 512, 42);
		TabularTrainer.Result result = TabularTrainer.fit(table.features(), table.split(), "Sales",
				table.schema().categorical(), table.schema().continuous(), settings, TrainingCallback.NONE);
		TabularSchema schema = TabularTrainJob.withYMax(table.schema(), result.yMax());
		TabularArtifacts artifacts = new TabularArtifacts(JsonMapper.builder().build(),
				TabularTestModel.presets(TabularTestModel.DEFAULTS), TabularTestModel.DATASET_PROPERTIES);
		publisher.publish(new NewModelVersion(name, TabularArtifacts.KIND, null, false, schema.describe(), List.of(),
				Map.of("rmspe", result.last().metrics().get("rmspe")),
				artifacts.files(result.graph(), result.procs(), schema, table.files())));
		Frame raw = TabularTestModel.readRaw(directory.resolve("train.csv"), schema);
		int requests = raw.rows() / rowsPerRequest;
		List<Frame> inputs = new ArrayList<>();
		for (int r = 0; r < requests; r++) {
			int[] rows = new int[rowsPerRequest];
			for (int i = 0; i < rowsPerRequest; i++) {
				rows[i] = r * rowsPerRequest + i;
			}
			inputs.add(raw.select(rows));
		}
		return new InferenceCase<>(
				String.format("Rossmann %,d parameters, predict %d row(s)", result.graph().numParams(), rowsPerRequest),
				name, TabularPredictOperation.INSTANCE, (i) -> inputs.get(i % inputs.size()));
	}

	/** RMSPE of the per-store, per-day-of-week median of the training sales. */
	static double medianBaseline(Frame features, TabularTrainer.Split split) {
		double[] store = features.numbers("Store");
		double[] dow = features.numbers("DayOfWeek");
		double[] sales = features.numbers("Sales");
		Map<String, List<Double>> groups = new HashMap<>();
		for (int row : split.train()) {
			groups.computeIfAbsent(store[row] + "/" + dow[row], (key) -> new ArrayList<>()).add(sales[row]);
		}
		double[] predictions = new double[split.valid().length];
		double[] targets = new double[split.valid().length];
		for (int i = 0; i < split.valid().length; i++) {
			int row = split.valid()[i];
			double[] sorted = groups.getOrDefault(store[row] + "/" + dow[row], List.of(1.0))
				.stream()
				.mapToDouble(Double::doubleValue)
				.sorted()
				.toArray();
			predictions[i] = sorted[sorted.length / 2];
			targets[i] = sales[row];
		}
		return Rmspe.of(predictions, targets);
	}

	private static void phase(String name) {
		if (Boolean.getBoolean("bench.memory-trace")) {
			System.out.println("phase " + name + ": "
					+ dev.lantern.benchmarks.ResidentMemory.gib(dev.lantern.benchmarks.ResidentMemory.currentBytes())
					+ " resident");
		}
	}

	private static double seconds(long start) {
		return (System.nanoTime() - start) / 1e9;
	}

}
