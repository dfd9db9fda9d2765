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
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.DatasetFiles;
import dev.lantern.datasets.Datasets;
import dev.lantern.system.errors.InvalidInputException;

import org.springframework.stereotype.Component;

/**
 * The preset {@code none}: a CSV's own columns, as named in the spec (or as the dataset's
 * profile suggests), plus fastai's {@code add_datepart} of the date column when there is
 * one. Rows stand alone, and nothing but the model's own files is kept with a version.
 */
@Component
class PlainPreset implements TabularPreset {

	static final String NAME = "none";

	/**
	 * The date parts a spec that leaves its columns to the profile gets as categories:
	 * the calendar parts of fastai's {@code add_datepart} that Lesson 6 uses as
	 * categories.
	 */
	static final List<String> DATE_CATEGORIES = List.of("Year", "Month", "Week", "Day", "Dayofweek");

	/**
	 * The date part it gets as a continuous input: Elapsed (seconds since 1970), a trend.
	 */
	static final List<String> DATE_CONTINUOUS = List.of("Elapsed");

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public TrainingData read(TabularTrainSpec spec, Datasets datasets, int maxFieldChars) throws IOException {
		if (spec.target() == null) {
			throw InvalidInputException.field("target", "Name the column to predict in target");
		}
		Dataset dataset = datasets.get(spec.datasetId());
		Path file = DatasetFiles.csv(datasets.directory(spec.datasetId()), spec.file(), "train on");
		String target = spec.target();
		String date = spec.dateColumn();
		List<String> categorical = spec.categorical();
		List<String> continuous = spec.continuous();
		if (categorical == null || continuous == null) {
			Map<String, String> suggested = suggestions(dataset);
			Set<String> exclude = new HashSet<>(Stream.of(target, date).filter(Objects::nonNull).toList());
			if (categorical == null) {
				categorical = columnsSuggested(suggested, "categorical", exclude);
			}
			if (continuous == null) {
				continuous = columnsSuggested(suggested, "continuous", exclude);
			}
			if (date != null) {
				categorical = withDateParts(categorical, spec.categorical(), date, DATE_CATEGORIES);
				continuous = withDateParts(continuous, spec.continuous(), date, DATE_CONTINUOUS);
			}
		}
		Set<String> dateParts = new HashSet<>();
		if (date != null) {
			for (String part : DateParts.PARTS) {
				dateParts.add(datePrefix(date) + part);
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
		Set<String> dates = (date != null) ? Set.of(date) : Set.of();
		Frame raw;
		try (InputStream in = Files.newInputStream(file)) {
			raw = TableReader.read(in, file.getFileName().toString(), columns, Set.of(), dates, maxFieldChars);
		}
		Frame features = datePartsOf(date).build(raw);
		double[] y = features.numbers(target);
		int[] rows = IntStream.range(0, features.rows()).filter((i) -> y[i] > 0).toArray();
		if (rows.length < 2) {
			throw InvalidInputException.field("target", "The target column '" + target
					+ "' has fewer than two positive values; the model learns the log of a positive target");
		}
		Map<String, ColumnType> rawColumns = new LinkedHashMap<>(columns);
		rawColumns.remove(target);
		TabularSchema schema = new TabularSchema(NAME, target, rawColumns, Set.of(), dates, date, categorical,
				continuous, 0);
		return new TrainingData(features, rows, schema, Map.of());
	}

	@Override
	public FeaturePipeline pipeline(TabularSchema schema, Path versionDirectory, int maxFieldChars) {
		return datePartsOf(schema.dateColumn());
	}

	/** The rows as they are, with the date parts of the date column when there is one. */
	private static FeaturePipeline datePartsOf(String date) {
		return (raw) -> {
			if (date == null) {
				return raw;
			}
			Frame frame = raw.select(IntStream.range(0, raw.rows()).toArray());
			DateParts.add(frame, date, datePrefix(date));
			return frame;
		};
	}

	/**
	 * The prefix of a date column's parts, as fastai's {@code add_datepart} makes it: the
	 * column's name without a trailing "Date" ({@code saleDate} gives {@code saleYear},
	 * {@code saleMonth}, ...).
	 */
	static String datePrefix(String column) {
		return column.replaceAll("[Dd]ate$", "");
	}

	/**
	 * The columns from the profile plus the date's parts, when the spec named none of
	 * this kind.
	 */
	private static List<String> withDateParts(List<String> columns, List<String> named, String date,
			List<String> parts) {
		if (named != null) {
			return columns;
		}
		List<String> all = new ArrayList<>(columns);
		parts.forEach((part) -> all.add(datePrefix(date) + part));
		return all;
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

}
