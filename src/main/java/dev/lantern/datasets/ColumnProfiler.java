package dev.lantern.datasets;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Profiles one column as its values stream by: the inferred type (the narrowest of
 * {@code integer}, {@code number}, {@code date}, {@code text} that holds every non-empty
 * value), distinct and missing counts and a few sample values. An integer column with few
 * distinct values is flagged as probably categorical: a store id or a day of week is a
 * category even though it is written as a number.
 */
final class ColumnProfiler {

	private enum Type {

		EMPTY, INTEGER, NUMBER, DATE, TEXT

	}

	private final String name;

	private final int sampleCount;

	private final int distinctLimit;

	private final long budgetBytes;

	private long keptBytes;

	private int distinctMoreThan;

	private final Set<String> distinct = new HashSet<>();

	private final List<String> samples = new ArrayList<>();

	private boolean distinctOverflow;

	private Type type = Type.EMPTY;

	private long missing;

	private double min = Double.POSITIVE_INFINITY;

	private double max = Double.NEGATIVE_INFINITY;

	/**
	 * @param name the column
	 * @param sampleCount how many sample values to keep
	 * @param distinctLimit how many distinct values to count exactly
	 * @param budgetBytes the memory the distinct values kept may take (each counts 64
	 * bytes and 2 per character); past it the count stops as past the limit
	 */
	ColumnProfiler(String name, int sampleCount, int distinctLimit, long budgetBytes) {
		this.name = name;
		this.sampleCount = sampleCount;
		this.distinctLimit = distinctLimit;
		this.budgetBytes = budgetBytes;
	}

	void accept(String value) {
		if (isMissing(value)) {
			this.missing++;
			return;
		}
		if (!this.distinctOverflow && this.distinct.add(value)) {
			if (this.samples.size() < this.sampleCount) {
				this.samples.add(value);
			}
			this.keptBytes += 64 + 2L * value.length();
			if (this.distinct.size() > this.distinctLimit || this.keptBytes > this.budgetBytes) {
				this.distinctOverflow = true;
				this.distinctMoreThan = this.distinct.size() - 1;
				this.distinct.clear();
			}
		}
		this.type = widen(this.type, value);
		if (this.type == Type.INTEGER || this.type == Type.NUMBER) {
			double number = Double.parseDouble(value.strip());
			this.min = Math.min(this.min, number);
			this.max = Math.max(this.max, number);
		}
	}

	/** Whether a CSV field counts as a missing value. */
	static boolean isMissing(String value) {
		return value.isBlank() || "NA".equals(value) || "NaN".equals(value) || "null".equals(value);
	}

	private Type widen(Type current, String value) {
		return switch (current) {
			case EMPTY -> classify(value);
			case INTEGER -> isInteger(value) ? Type.INTEGER : (isNumber(value) ? Type.NUMBER : Type.TEXT);
			case NUMBER -> isNumber(value) ? Type.NUMBER : Type.TEXT;
			case DATE -> isDate(value) ? Type.DATE : Type.TEXT;
			case TEXT -> Type.TEXT;
		};
	}

	private static Type classify(String value) {
		if (isInteger(value)) {
			return Type.INTEGER;
		}
		if (isNumber(value)) {
			return Type.NUMBER;
		}
		return isDate(value) ? Type.DATE : Type.TEXT;
	}

	private static boolean isInteger(String value) {
		String v = value.strip();
		if (v.isEmpty() || v.length() > 18) {
			return false;
		}
		int start = (v.charAt(0) == '-' || v.charAt(0) == '+') ? 1 : 0;
		if (start == v.length()) {
			return false;
		}
		for (int i = start; i < v.length(); i++) {
			if (!Character.isDigit(v.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isNumber(String value) {
		try {
			return Double.isFinite(Double.parseDouble(value.strip()));
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static boolean isDate(String value) {
		if (value.length() != 10) {
			return false;
		}
		try {
			LocalDate.parse(value);
			return true;
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

	Map<String, Object> report(long rows, int categoricalMaxDistinct) {
		Map<String, Object> column = new LinkedHashMap<>();
		column.put("name", this.name);
		column.put("type", (this.type == Type.EMPTY) ? "empty" : this.type.name().toLowerCase());
		if (this.distinctOverflow) {
			column.put("distinct", null);
			column.put("distinctMoreThan", this.distinctMoreThan);
		}
		else {
			column.put("distinct", this.distinct.size());
		}
		column.put("missing", this.missing);
		if (this.type == Type.INTEGER || this.type == Type.NUMBER) {
			column.put("min", this.min);
			column.put("max", this.max);
		}
		column.put("samples", List.copyOf(this.samples));
		column.put("suggested", suggestion(rows, categoricalMaxDistinct));
		column.put("probablyCategorical",
				this.type == Type.INTEGER && !this.distinctOverflow && this.distinct.size() <= categoricalMaxDistinct);
		return column;
	}

	/** What the column most likely is to a tabular model. */
	private String suggestion(long rows, int categoricalMaxDistinct) {
		return switch (this.type) {
			case EMPTY -> "ignore";
			case DATE -> "date";
			case TEXT -> (!this.distinctOverflow && this.distinct.size() == rows && rows > categoricalMaxDistinct)
					? "identifier" : "categorical";
			case INTEGER -> (!this.distinctOverflow && this.distinct.size() <= categoricalMaxDistinct) ? "categorical"
					: "continuous";
			case NUMBER -> "continuous";
		};
	}

}
