package dev.lantern.tabular;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.lantern.system.errors.InvalidInputException;

/**
 * The raw columns a model version reads, as its input schema describes them, and the
 * conversion of JSON records or CSV rows into a {@link Frame}: a missing required field
 * or a value that does not fit its column is invalid input naming the record and the
 * field. What fits ({@link ValueRules}): numbers are finite and within float range (the
 * network computes in float), a categorical column takes text or an integral number, a
 * date lies within {@link ValueRules#MIN_DATE} and {@link ValueRules#MAX_DATE}, and a
 * continuous column's value lies within the range its schema gives ({@code min},
 * {@code max}: the training mean plus or minus {@value ValueRules#SPREAD} standard
 * deviations).
 *
 * @param types each column's type, in schema order
 * @param required columns every record must carry
 * @param nullable columns whose value may be null or empty
 * @param rules what each column's values must fit
 */
record RawColumns(Map<String, ColumnType> types, List<String> required, List<String> nullable, ValueRules rules) {

	/** Reads the {@code columns} of a version's input schema. */
	@SuppressWarnings("unchecked")
	static RawColumns fromInputSchema(Map<String, Object> inputSchema) {
		Object columns = inputSchema.get("columns");
		if (!(columns instanceof Map<?, ?> map)) {
			throw new IllegalStateException("The version's input schema has no columns");
		}
		Map<String, ColumnType> types = new LinkedHashMap<>();
		List<String> required = new ArrayList<>();
		List<String> nullable = new ArrayList<>();
		((Map<String, Object>) map).forEach((name, value) -> {
			Map<String, Object> column = (Map<String, Object>) value;
			types.put(name, ColumnType.valueOf(String.valueOf(column.get("type")).toUpperCase(Locale.ROOT)));
			if (Boolean.TRUE.equals(column.get("required"))) {
				required.add(name);
			}
			if (Boolean.TRUE.equals(column.get("nullable"))) {
				nullable.add(name);
			}
		});
		return new RawColumns(types, required, nullable, ValueRules.fromInputSchema(inputSchema, types));
	}

	/** Converts JSON records (maps of column to value) into a frame. */
	Frame fromRecords(List<Map<String, Object>> records) {
		int n = records.size();
		Frame frame = new Frame(n);
		for (Map.Entry<String, ColumnType> column : this.types.entrySet()) {
			String name = column.getKey();
			ColumnType type = column.getValue();
			boolean present = records.stream().anyMatch((record) -> record != null && record.containsKey(name));
			if (!present && !this.required.contains(name)) {
				continue;
			}
			double[] numbers = (type != ColumnType.TEXT) ? new double[n] : null;
			String[] texts = (type == ColumnType.TEXT) ? new String[n] : null;
			for (int i = 0; i < n; i++) {
				Map<String, Object> record = records.get(i);
				if (record == null) {
					throw new InvalidInputException(
							"Record " + i + " is null; each record is an object of column values")
						.with("record", i);
				}
				if (!record.containsKey(name)) {
					throw invalid(i, name, (this.required.contains(name) ? "the field is required"
							: "the field is missing here but present in other records"));
				}
				Object value = record.get(name);
				if (value == null || (value instanceof String text && ColumnType.isMissing(text))) {
					if (!this.nullable.contains(name)) {
						throw invalid(i, name, "the value may not be missing");
					}
					if (numbers != null) {
						numbers[i] = Double.NaN;
					}
					continue;
				}
				if (texts != null) {
					if (value instanceof Number number) {
						texts[i] = Frame.numberKey(checked(i, name, number.doubleValue(), describe(value)));
					}
					else if (value instanceof String text) {
						texts[i] = text;
					}
					else {
						throw invalid(i, name, "expected text or an integral number, got " + describe(value));
					}
				}
				else if (type == ColumnType.NUMBER) {
					if (value instanceof Number number) {
						numbers[i] = checked(i, name, number.doubleValue(), describe(value));
					}
					else if (value instanceof Boolean flag && !this.rules.isCategorical(name)) {
						numbers[i] = flag ? 1 : 0;
					}
					else {
						throw invalid(i, name, "expected "
								+ (this.rules.isCategorical(name) ? "an integral number (a category)" : "a number")
								+ ", got " + describe(value));
					}
				}
				else {
					if (!(value instanceof String text)) {
						throw invalid(i, name, "expected " + type.description() + ", got " + describe(value));
					}
					try {
						numbers[i] = type.parseNumber(text);
					}
					catch (IllegalArgumentException ex) {
						throw invalid(i, name, ex.getMessage());
					}
					checked(i, name, numbers[i], "'" + ColumnType.abbreviate(text) + "'");
				}
			}
			if (texts != null) {
				frame.put(name, texts);
			}
			else {
				frame.put(name, numbers);
			}
		}
		return frame;
	}

	/**
	 * Converts CSV rows into a frame.
	 * @param header the CSV's column names
	 * @param rows the rows, one field per column
	 * @param source the file's name for messages
	 */
	Frame fromCsv(List<String> header, List<String[]> rows, String source) {
		List<String> missing = this.required.stream().filter((name) -> !header.contains(name)).toList();
		if (!missing.isEmpty()) {
			throw new InvalidInputException(source + " lacks the column" + ((missing.size() > 1) ? "s " : " ")
					+ String.join(", ", missing) + " (its columns: " + String.join(", ", header) + ")")
				.with("file", source)
				.with("missingColumns", missing);
		}
		int n = rows.size();
		Frame frame = new Frame(n);
		for (Map.Entry<String, ColumnType> column : this.types.entrySet()) {
			String name = column.getKey();
			int position = header.indexOf(name);
			if (position < 0) {
				continue;
			}
			ColumnType type = column.getValue();
			double[] numbers = (type != ColumnType.TEXT) ? new double[n] : null;
			String[] texts = (type == ColumnType.TEXT) ? new String[n] : null;
			for (int i = 0; i < n; i++) {
				String value = rows.get(i)[position];
				if (ColumnType.isMissing(value)) {
					if (!this.nullable.contains(name)) {
						throw csvInvalid(source, i, name, "the value may not be missing");
					}
					if (numbers != null) {
						numbers[i] = Double.NaN;
					}
					continue;
				}
				if (texts != null) {
					texts[i] = value;
				}
				else {
					try {
						numbers[i] = type.parseNumber(value);
					}
					catch (IllegalArgumentException ex) {
						throw csvInvalid(source, i, name, ex.getMessage());
					}
					String problem = this.rules.problem(name, type, numbers[i],
							"'" + ColumnType.abbreviate(value.strip()) + "'");
					if (problem != null) {
						throw csvInvalid(source, i, name, problem);
					}
				}
			}
			if (texts != null) {
				frame.put(name, texts);
			}
			else {
				frame.put(name, numbers);
			}
		}
		return frame;
	}

	/** The value when it fits the column, else invalid input naming record and field. */
	private double checked(int record, String field, double value, String shown) {
		String problem = this.rules.problem(field, this.types.get(field), value, shown);
		if (problem != null) {
			throw invalid(record, field, problem);
		}
		return value;
	}

	private static InvalidInputException invalid(int record, String field, String detail) {
		InvalidInputException invalid = InvalidInputException.field(field,
				"Record " + record + ", field '" + field + "': " + detail);
		invalid.with("record", record);
		return invalid;
	}

	private static InvalidInputException csvInvalid(String source, int row, String field, String detail) {
		InvalidInputException invalid = InvalidInputException.field(field,
				source + ", record " + (row + 1) + ", column '" + field + "': " + detail);
		invalid.with("file", source).with("record", row + 1);
		return invalid;
	}

	private static String describe(Object value) {
		if (value instanceof Map) {
			return "an object";
		}
		if (value instanceof List) {
			return "an array";
		}
		if (value instanceof String text) {
			return "'" + ColumnType.abbreviate(text) + "'";
		}
		return String.valueOf(value);
	}

}
