package dev.lantern.tabular;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.lantern.datasets.CsvReader;
import dev.lantern.system.errors.InvalidInputException;

/**
 * Reads the columns a model needs from a CSV stream into a {@link Frame}, refusing a
 * missing required column or an unparsable value as invalid input that names the file,
 * the record and the column. Columns not asked for are skipped.
 */
public final class TableReader {

	private TableReader() {
	}

	/**
	 * Reads a CSV stream.
	 * @param in the content
	 * @param source the file's name for messages
	 * @param columns the columns to read and their types
	 * @param optional which of them may be absent from the header
	 * @param notMissing which of them must have a value in every record
	 * @param maxFieldChars the longest field accepted
	 */
	public static Frame read(InputStream in, String source, Map<String, ColumnType> columns, Set<String> optional,
			Set<String> notMissing, int maxFieldChars) throws IOException {
		try (CsvReader csv = CsvReader.open(in, source, maxFieldChars)) {
			Map<String, Integer> positions = new HashMap<>();
			for (int i = 0; i < csv.header().size(); i++) {
				positions.put(csv.header().get(i), i);
			}
			List<String> missing = columns.keySet()
				.stream()
				.filter((name) -> !positions.containsKey(name) && !optional.contains(name))
				.toList();
			if (!missing.isEmpty()) {
				throw new InvalidInputException(source + " lacks the column" + ((missing.size() > 1) ? "s " : " ")
						+ String.join(", ", missing) + " (its columns: " + String.join(", ", csv.header()) + ")")
					.with("file", source)
					.with("missingColumns", missing);
			}
			Map<String, List<String>> raw = new LinkedHashMap<>();
			columns.keySet()
				.stream()
				.filter(positions::containsKey)
				.forEach((name) -> raw.put(name, new ArrayList<>()));
			Map<String, Map<String, String>> interned = new HashMap<>();
			Map<String, double[]> numeric = new LinkedHashMap<>();
			int capacity = 1024;
			int rows = 0;
			for (String name : raw.keySet()) {
				if (columns.get(name) != ColumnType.TEXT) {
					numeric.put(name, new double[capacity]);
				}
			}
			for (String[] record = csv.next(); record != null; record = csv.next()) {
				if (rows == capacity) {
					capacity = capacity * 2;
					int newCapacity = capacity;
					numeric.replaceAll((name, values) -> Arrays.copyOf(values, newCapacity));
				}
				for (Map.Entry<String, List<String>> column : raw.entrySet()) {
					String name = column.getKey();
					String value = record[positions.get(name)];
					ColumnType type = columns.get(name);
					if (ColumnType.isMissing(value) && notMissing.contains(name)) {
						throw csv.invalidField(name, "the value is missing");
					}
					if (type == ColumnType.TEXT) {
						column.getValue()
							.add(ColumnType.isMissing(value) ? null
									: interned.computeIfAbsent(name, (key) -> new HashMap<>())
										.computeIfAbsent(value, (key) -> key));
					}
					else {
						try {
							numeric.get(name)[rows] = type.parseNumber(value);
						}
						catch (IllegalArgumentException ex) {
							throw csv.invalidField(name, ex.getMessage());
						}
					}
				}
				rows++;
			}
			if (rows == 0) {
				throw new InvalidInputException(source + " has a header but no records").with("file", source);
			}
			Frame frame = new Frame(rows);
			for (String name : raw.keySet()) {
				if (columns.get(name) == ColumnType.TEXT) {
					frame.put(name, raw.get(name).toArray(new String[0]));
				}
				else {
					frame.put(name, Arrays.copyOf(numeric.get(name), rows));
				}
			}
			return frame;
		}
	}

}
