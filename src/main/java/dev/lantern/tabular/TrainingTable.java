package dev.lantern.tabular;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.lantern.datasets.Datasets;
import dev.lantern.system.errors.InvalidInputException;

/**
 * The rows a {@code tabular-train} job learns from: what the preset read, the model's
 * inputs checked against the features, and the split into training and validation rows
 * (by date when the schema has a date column, else random, unless the spec says).
 *
 * @param features all rows with their features
 * @param split the training and validation rows
 * @param schema the model's schema (without the y range, known after fitting)
 * @param files the files the preset keeps with the version
 */
record TrainingTable(Frame features, TabularTrainer.Split split, TabularSchema schema, Map<String, Path> files) {

	/**
	 * Reads a spec's dataset through its preset, checks the inputs and splits the rows.
	 * @param datasets the dataset store
	 * @param maxFieldChars the longest CSV field accepted
	 * @param defaults the validation defaults
	 */
	static TrainingTable load(TabularTrainSpec spec, TabularPreset preset, Datasets datasets, int maxFieldChars,
			TabularProperties defaults) throws IOException {
		TrainingData data = preset.read(spec, datasets, maxFieldChars);
		TabularSchema schema = data.schema();
		check(data.features(), schema.categorical(), schema.continuous(), schema.target());
		TabularTrainer.Split split = split(spec, data.features(), data.rows(), schema.dateColumn(), defaults);
		return new TrainingTable(data.features(), split, schema, data.files());
	}

	private static TabularTrainer.Split split(TabularTrainSpec spec, Frame features, int[] rows, String date,
			TabularProperties defaults) {
		String validation = (spec.validation() != null) ? spec.validation() : (date != null) ? "last-days" : "random";
		TabularTrainer.Split split;
		if ("last-days".equals(validation)) {
			if (date == null) {
				throw InvalidInputException.field("validation",
						"Validation by date needs a date column: name it in dateColumn, or choose random validation");
			}
			int days = (spec.validDays() != null) ? spec.validDays() : defaults.validDays();
			split = TabularTrainer.Split.lastDays(features.numbers(date), rows, days);
		}
		else {
			double fraction = (spec.validFraction() != null) ? spec.validFraction() : defaults.validFraction();
			split = TabularTrainer.Split.random(rows, fraction, (spec.seed() != null) ? spec.seed() : defaults.seed());
		}
		if (split.train().length == 0 || split.valid().length == 0) {
			String field = "last-days".equals(validation) ? "validDays" : "validFraction";
			throw InvalidInputException.field(field, "The split leaves " + split.train().length + " training and "
					+ split.valid().length + " validation rows; both must be non-empty: change " + field);
		}
		return split;
	}

	/**
	 * Every model input is a column of the features, a continuous one numeric, and none
	 * is the target.
	 */
	private static void check(Frame features, List<String> categorical, List<String> continuous, String target) {
		for (String name : categorical) {
			checkInput(features, "categorical", name, target);
		}
		for (String name : continuous) {
			checkInput(features, "continuous", name, target);
			if (!features.isNumeric(name)) {
				throw InvalidInputException.field("continuous",
						"Column '" + name + "' in continuous is not numeric; name it in categorical instead");
			}
		}
		if (categorical.isEmpty() && continuous.isEmpty()) {
			throw InvalidInputException.field("categorical",
					"The model needs at least one input column: name some in categorical or continuous");
		}
	}

	private static void checkInput(Frame features, String field, String name, String target) {
		if (name.equals(target)) {
			throw InvalidInputException.field(field, "Column '" + name + "' is the target; it cannot be an input too");
		}
		if (!features.has(name)) {
			throw InvalidInputException.field(field, "Column '" + name + "' in " + field
					+ " is not among the features; they are: " + String.join(", ", features.columns()));
		}
	}

}
