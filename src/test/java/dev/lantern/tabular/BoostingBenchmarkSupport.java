package dev.lantern.tabular;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.DatasetProfiles;
import dev.lantern.datasets.Datasets;
import dev.lantern.tabular.rossmann.RossmannSamples;
import dev.lantern.training.TrainingCallback;

/**
 * Lantern's generic tabular path ({@code preset: none}) against gradient-boosted trees
 * (XGBoost) on a generated table: the spec names only the model, the dataset, the target
 * and the date column, so the columns are the upload profile's suggestions and the
 * training settings the defaults; XGBoost learns log y from the same columns, encoded by
 * the procs Lantern fitted (category indexes once as XGBoost categorical features, once
 * as plain numbers; the better counts), on the same training rows, and both are scored by
 * RMSPE on the same validation rows.
 */
public final class BoostingBenchmarkSupport {

	private BoostingBenchmarkSupport() {
	}

	/**
	 * Generates a table, trains both and returns the figures.
	 * @param directory where the CSV goes
	 * @param shape the table's shape
	 * @param sigma noise on log y
	 * @param xgboost XGBoost's parameters
	 * @param rounds boosting rounds
	 * @return the figures by name, in table order
	 */
	public static Map<String, Object> run(Path directory, GenericTables.Shape shape, double sigma,
			Map<String, Object> xgboost, int rounds) throws IOException, XGBoostError {
		Files.createDirectories(directory);
		Path file = GenericTables.write(directory, shape, sigma, 42);
		Map<String, Object> profile = DatasetProfiles.of(file);
		Datasets datasets = new Datasets() {
			@Override
			public Dataset get(String id) {
				Map<String, Object> report = new HashMap<>(profile);
				report.put("files", List.of(file.getFileName().toString()));
				return new Dataset(id, id, "tabular", Instant.now(), report);
			}

			@Override
			public Path directory(String id) {
				return directory;
			}

			@Override
			public Dataset create(String name, String kind, DatasetWriter writer) {
				throw new UnsupportedOperationException();
			}
		};
		TabularTrainSpec spec = new TabularTrainSpec("table", "generated", null, null, "none", "y", null, null,
				shape.date() ? "date" : null, null, null, null, null, null, null, null, null, null, null, null, null);
		TrainingTable table = TrainingTable.load(spec, new PlainPreset(), datasets,
				TabularTestModel.DATASET_PROPERTIES.maxFieldChars(), TabularTestModel.DEFAULTS);
		TabularTrainer.Split split = table.split();
		TabularSettings defaults = spec.settings(TabularTestModel.DEFAULTS, split.train().length);
		// The server's default weight decay (application.yaml), or -Dbench.weight-decay.
		double weightDecay = Double.parseDouble(System.getProperty("bench.weight-decay", "0.4"));
		TabularSettings settings = new TabularSettings(defaults.layers(), defaults.dropout(),
				defaults.embeddingDropout(), defaults.yRangeHeadroom(), defaults.epochs(), defaults.learningRate(),
				weightDecay, defaults.batchSize(), defaults.seed());
		long start = System.nanoTime();
		TabularTrainer.Result result = TabularTrainer.fit(table.features(), split, "y", table.schema().categorical(),
				table.schema().continuous(), settings, TrainingCallback.NONE);
		double lanternSeconds = (System.nanoTime() - start) / 1e9;
		double lantern = result.last().metrics().get("rmspe");

		double[] y = table.features().numbers("y");
		TabularProcs.Encoded train = result.procs().apply(table.features().select(split.train()));
		TabularProcs.Encoded valid = result.procs().apply(table.features().select(split.valid()));
		float[] trainLabels = new float[split.train().length];
		for (int i = 0; i < trainLabels.length; i++) {
			trainLabels[i] = (float) Math.log(y[split.train()[i]]);
		}
		double[] validTargets = Arrays.stream(split.valid()).mapToDouble((row) -> y[row]).toArray();
		start = System.nanoTime();
		double boosted = boost(train, trainLabels, valid, validTargets, true, xgboost, rounds);
		double boostSeconds = (System.nanoTime() - start) / 1e9;
		double boostedCodes = boost(train, trainLabels, valid, validTargets, false, xgboost, rounds);
		double best = Math.min(boosted, boostedCodes);

		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("train_rows", split.train().length);
		figures.put("valid_rows", split.valid().length);
		figures.put("categorical", table.schema().categorical());
		figures.put("continuous", table.schema().continuous());
		figures.put("batch", settings.batchSize());
		figures.put("lr", settings.learningRate());
		figures.put("floor", RossmannSamples.rmspeFloor(sigma));
		figures.put("lantern_rmspe", lantern);
		figures.put("xgboost_rmspe", boosted);
		figures.put("xgboost_codes_rmspe", boostedCodes);
		figures.put("ratio", lantern / best);
		figures.put("lantern_s", lanternSeconds);
		figures.put("xgboost_s", boostSeconds);
		return figures;
	}

	/** XGBoost's validation RMSPE. */
	private static double boost(TabularProcs.Encoded train, float[] trainLabels, TabularProcs.Encoded valid,
			double[] validTargets, boolean categories, Map<String, Object> xgboost, int rounds) throws XGBoostError {
		DMatrix trainMatrix = matrix(train, categories);
		trainMatrix.setLabel(trainLabels);
		DMatrix validMatrix = matrix(valid, categories);
		Booster booster = XGBoost.train(trainMatrix, xgboost, rounds, Map.of(), null, null);
		float[][] predicted = booster.predict(validMatrix);
		double[] predictions = new double[predicted.length];
		for (int i = 0; i < predictions.length; i++) {
			predictions[i] = Math.exp(predicted[i][0]);
		}
		booster.dispose();
		trainMatrix.dispose();
		validMatrix.dispose();
		return Rmspe.of(predictions, validTargets);
	}

	/**
	 * Category indexes as XGBoost categorical features ("c") or as plain numbers,
	 * continuous columns as numbers.
	 */
	private static DMatrix matrix(TabularProcs.Encoded encoded, boolean categories) throws XGBoostError {
		int categorical = encoded.codes().length;
		int continuous = encoded.continuous().length;
		int columns = categorical + continuous;
		float[] data = new float[encoded.rows() * columns];
		for (int row = 0; row < encoded.rows(); row++) {
			for (int c = 0; c < categorical; c++) {
				data[row * columns + c] = encoded.codes()[c][row];
			}
			for (int c = 0; c < continuous; c++) {
				data[row * columns + categorical + c] = encoded.continuous()[c][row];
			}
		}
		DMatrix matrix = new DMatrix(data, encoded.rows(), columns, Float.NaN);
		List<String> types = new ArrayList<>();
		for (int c = 0; c < columns; c++) {
			types.add((c < categorical && categories) ? "c" : "q");
		}
		matrix.setFeatureTypes(types.toArray(String[]::new));
		return matrix;
	}

}
