package dev.lantern.tabular;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a trained tabular model reads and how it was built, stored with the version as
 * {@code schema.json} and shown to clients as the version's input schema.
 *
 * @param preset the name of the {@link TabularPreset} that built the features and
 * rebuilds them at prediction ({@code rossmann}, {@code none})
 * @param target the predicted column
 * @param rawColumns the columns a record carries, with their type ({@code NUMBER},
 * {@code TEXT}, {@code DATE})
 * @param optionalColumns raw columns a record may leave out
 * @param requiredValues raw columns whose value may not be missing
 * @param dateColumn the date column for date parts and validation by date, or null
 * @param categorical the categorical model inputs
 * @param continuous the continuous model inputs
 * @param yMax the top of the sigmoid's y range (log scale)
 */
public record TabularSchema(String preset, String target, Map<String, ColumnType> rawColumns,
		Set<String> optionalColumns, Set<String> requiredValues, String dateColumn, List<String> categorical,
		List<String> continuous, double yMax) {

	/** The schema as clients see it. */
	Map<String, Object> describe() {
		return describe(null);
	}

	/**
	 * The schema as clients see it, with the accepted range ({@code min}, {@code max}) of
	 * each raw column that is a continuous input, from the training statistics (see
	 * {@link ValueRules#bounds}).
	 * @param procs the procs fitted at training, or null for no ranges
	 */
	Map<String, Object> describe(TabularProcs procs) {
		Map<String, TabularProcs.Continuous> statistics = new LinkedHashMap<>();
		if (procs != null) {
			procs.continuous().forEach((column) -> statistics.put(column.name(), column));
		}
		Map<String, Object> columns = new LinkedHashMap<>();
		this.rawColumns.forEach((name, type) -> {
			Map<String, Object> column = new LinkedHashMap<>();
			column.put("type", type.name().toLowerCase());
			column.put("required", !this.optionalColumns.contains(name));
			column.put("nullable", !this.requiredValues.contains(name));
			TabularProcs.Continuous continuous = statistics.get(name);
			if (type == ColumnType.NUMBER && continuous != null) {
				double[] range = ValueRules.bounds(continuous.mean(), continuous.std());
				column.put("min", range[0]);
				column.put("max", range[1]);
			}
			columns.put(name, column);
		});
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("preset", this.preset);
		description.put("target", this.target);
		description.put("columns", columns);
		description.put("categorical", this.categorical);
		description.put("continuous", this.continuous);
		return description;
	}

}
