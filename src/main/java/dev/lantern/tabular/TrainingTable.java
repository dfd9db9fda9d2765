package dev.lantern.tabular;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.Datasets;
import dev.lantern.system.web.ProblemException;

/**
 * The rows a {@code tabular-train} job learns from: the dataset's tables read and turned
 * into features, the rows with a positive target, their split, and the schema that
 * prediction will use.
 *
 * @param features all rows with their features
 * @param split the training and validation rows
 * @param schema the model's schema (without the y range, known after fitting)
 * @param rossmannFiles the Rossmann tables that prediction joins, or null
 */
record TrainingTable(Frame features, TabularTrainer.Split split, TabularSchema schema, RossmannFiles rossmannFiles) {

	static TrainingTable load(TabularTrainSpec spec, Datasets datasets, TabularProperties defaults, int maxFieldChars)
			throws IOException {
		String preset = (spec.preset() != null) ? spec.preset() : TabularSchema.ROSSMANN;
		return TabularSchema.ROSSMANN.equals(preset) ? rossmann(spec, datasets, defaults, maxFieldChars)
				: plain(spec, datasets, defaults, maxFieldChars);
	}

	private static TrainingTable rossmann(TabularTrainSpec spec, Datasets datasets, TabularProperties defaults,
			int maxFieldChars) throws IOException {
		Path trainDirectory = datasets.directory(spec.datasetId());
		Path train = file(trainDirectory, (spec.file() != null) ? spec.file() : "train.csv", true);
		Path storeDirectory = (spec.storeDatasetId() != null) ? datasets.directory(spec.storeDatasetId())
				: trainDirectory;
		RossmannFiles tables = RossmannFiles.find(storeDirectory, trainDirectory);
		if (tables.store() == null) {
			throw ProblemException.invalidField("storeDatasetId",
					"The Rossmann preset needs store.csv: put it in the training dataset or name its dataset in storeDatasetId");
		}
		String target = (spec.target() != null) ? spec.target() : "Sales";
		if (!"Sales".equals(target)) {
			throw ProblemException.invalidField("target", "The Rossmann preset predicts Sales");
		}
		Frame raw = RossmannTables.readTrain(train, train.getFileName().toString(), maxFieldChars);
		if (!raw.has("Sales")) {
			throw ProblemException.badRequest(train.getFileName() + " lacks the column Sales")
				.with("file", train.getFileName().toString());
		}
		RossmannFeatures rossmann = tables.features(maxFieldChars);
		Frame features = rossmann.build(raw);
		int[] rows = RossmannTables.trainableRows(features);
		List<String> categorical = (spec.categorical() != null) ? spec.categorical()
				: RossmannFeatures.categorical(features);
		List<String> continuous = (spec.continuous() != null) ? spec.continuous()
				: RossmannFeatures.continuous(features);
		check(features, categorical, continuous, Set.of("Sales", "Customers"));
		Map<String, ColumnType> rawColumns = new LinkedHashMap<>(RossmannFeatures.TRAIN_COLUMNS);
		rawColumns.remove("Sales");
		rawColumns.remove("Open");
		TabularSchema schema = new TabularSchema(TabularSchema.ROSSMANN, "Sales", rawColumns, Set.of("DayOfWeek"),
				RossmannFeatures.REQUIRED_VALUES, "Date", categorical, continuous, 0);
		return new TrainingTable(features, split(spec, features, rows, "Date", defaults), schema, tables);
	}

	private static TrainingTable plain(TabularTrainSpec spec, Datasets datasets, TabularProperties defaults,
			int maxFieldChars) throws IOException {
		if (spec.target() == null) {
			throw ProblemException.invalidField("target", "Name the column to predict in target");
		}
		Dataset dataset = datasets.get(spec.datasetId());
		Path file = file(datasets.directory(spec.datasetId()), spec.file(), true);
		String target = spec.target();
		String date = spec.dateColumn();
		List<String> categorical = spec.categorical();
		List<String> continuous = spec.continuous();
		if (categorical == null || continuous == null) {
			Map<String, String> suggested = suggestions(dataset);
			Set<String> exclude = new HashSet<>(Stream.of(target, date).filter(java.util.Objects::nonNull).toList());
			if (categorical == null) {
				categorical = columnsSuggested(suggested, "categorical", exclude);
			}
			if (continuous == null) {
				continuous = columnsSuggested(suggested, "continuous", exclude);
			}
		}
		Set<String> dateParts = new HashSet<>();
		if (date != null) {
			for (String part : DateParts.PARTS) {
				dateParts.add(FeaturePipeline.datePrefix(date) + part);
			}
		}
		Map<String, ColumnType> columns = new LinkedHashMap<>();
		categorical.stream()
			.filter((name) -> !dateParts.contains(name))
			.forEach((name) -> columns.put(name, ColumnType.TEXT));
		continuous.stream()
			.filter((name) -> !dateParts.contains(name))
			.forEach((name) -> columns.put(name, ColumnType.NUMBER));
		if (date != null) {
			columns.put(date, ColumnType.DATE);
		}
		columns.put(target, ColumnType.NUMBER);
		Frame raw;
		try (InputStream in = Files.newInputStream(file)) {
			raw = TableReader.read(in, file.getFileName().toString(), columns, Set.of(),
					(date != null) ? Set.of(date) : Set.of(), maxFieldChars);
		}
		FeaturePipeline pipeline = FeaturePipeline.of(new TabularSchema(TabularSchema.NONE, target, columns, Set.of(),
				Set.of(), date, categorical, continuous, 0), null);
		Frame features = pipeline.build(raw);
		double[] y = features.numbers(target);
		int[] rows = IntStream.range(0, features.rows()).filter((i) -> y[i] > 0).toArray();
		if (rows.length < 2) {
			throw ProblemException.invalidField("target", "The target column '" + target
					+ "' has fewer than two positive values; the model learns the log of a positive target");
		}
		check(features, categorical, continuous, Set.of(target));
		Map<String, ColumnType> rawColumns = new LinkedHashMap<>(columns);
		rawColumns.remove(target);
		TabularSchema schema = new TabularSchema(TabularSchema.NONE, target, rawColumns, Set.of(),
				(date != null) ? Set.of(date) : Set.of(), date, categorical, continuous, 0);
		return new TrainingTable(features, split(spec, features, rows, date, defaults), schema, null);
	}

	private static TabularTrainer.Split split(TabularTrainSpec spec, Frame features, int[] rows, String date,
			TabularProperties defaults) {
		String validation = (spec.validation() != null) ? spec.validation() : (date != null) ? "last-days" : "random";
		TabularTrainer.Split split;
		if ("last-days".equals(validation)) {
			if (date == null) {
				throw ProblemException.invalidField("validation", "Validation by date needs a dateColumn");
			}
			int days = (spec.validDays() != null) ? spec.validDays() : defaults.validDays();
			split = TabularTrainer.Split.lastDays(features.numbers(date), rows, days);
		}
		else {
			double fraction = (spec.validFraction() != null) ? spec.validFraction() : defaults.validFraction();
			split = TabularTrainer.Split.random(rows, fraction, (spec.seed() != null) ? spec.seed() : defaults.seed());
		}
		if (split.train().length == 0 || split.valid().length == 0) {
			throw ProblemException.invalidField("validDays", "The split leaves " + split.train().length
					+ " training and " + split.valid().length + " validation rows; both must be non-empty");
		}
		return split;
	}

	private static void check(Frame features, List<String> categorical, List<String> continuous,
			Set<String> forbidden) {
		for (String name : categorical) {
			if (!features.has(name) || forbidden.contains(name)) {
				throw ProblemException.invalidField("categorical", "No usable column '" + name + "'");
			}
		}
		for (String name : continuous) {
			if (!features.has(name) || !features.isNumeric(name) || forbidden.contains(name)) {
				throw ProblemException.invalidField("continuous", "No numeric column '" + name + "'");
			}
		}
		if (categorical.isEmpty() && continuous.isEmpty()) {
			throw ProblemException.invalidField("categorical", "The model needs at least one input column");
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> suggestions(Dataset dataset) {
		Map<String, String> suggested = new LinkedHashMap<>();
		Object columns = dataset.report().get("columns");
		if (columns instanceof List<?> list) {
			for (Object column : list) {
				Map<String, Object> profile = (Map<String, Object>) column;
				suggested.put(String.valueOf(profile.get("name")), String.valueOf(profile.get("suggested")));
			}
		}
		return suggested;
	}

	private static List<String> columnsSuggested(Map<String, String> suggested, String kind, Set<String> exclude) {
		List<String> names = new ArrayList<>();
		suggested.forEach((name, suggestion) -> {
			if (kind.equals(suggestion) && !exclude.contains(name)) {
				names.add(name);
			}
		});
		return names;
	}

	/** A CSV file of a dataset by name, or its only CSV file when no name is given. */
	private static Path file(Path directory, String name, boolean required) throws IOException {
		if (name != null) {
			Path file = directory.resolve(name).normalize();
			if (file.startsWith(directory) && Files.isRegularFile(file)) {
				return file;
			}
			if (!required) {
				return null;
			}
			throw ProblemException.invalidField("file", "The dataset has no file '" + name + "'");
		}
		List<Path> csvs;
		try (Stream<Path> files = Files.list(directory)) {
			csvs = files.filter((path) -> path.getFileName().toString().toLowerCase().endsWith(".csv")).toList();
		}
		if (csvs.size() != 1) {
			throw ProblemException.invalidField("file",
					"The dataset holds " + csvs.size() + " CSV files; name the one to train on in file");
		}
		return csvs.get(0);
	}

}
