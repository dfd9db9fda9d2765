package dev.lantern.tabular;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table held column by column: numeric columns as {@code double[]} (missing is NaN),
 * text columns as {@code String[]} (missing is null). Dates are numeric columns holding
 * the epoch day.
 */
public final class Frame {

	private final int rows;

	private final Map<String, double[]> numbers = new LinkedHashMap<>();

	private final Map<String, String[]> texts = new LinkedHashMap<>();

	public Frame(int rows) {
		this.rows = rows;
	}

	public int rows() {
		return this.rows;
	}

	public boolean has(String column) {
		return this.numbers.containsKey(column) || this.texts.containsKey(column);
	}

	public boolean isNumeric(String column) {
		return this.numbers.containsKey(column);
	}

	/** The column names, numeric ones first, each group in insertion order. */
	public List<String> columns() {
		List<String> names = new ArrayList<>(this.numbers.keySet());
		names.addAll(this.texts.keySet());
		return names;
	}

	public double[] numbers(String column) {
		double[] values = this.numbers.get(column);
		if (values == null) {
			throw new IllegalArgumentException("No numeric column " + column);
		}
		return values;
	}

	public String[] texts(String column) {
		String[] values = this.texts.get(column);
		if (values == null) {
			throw new IllegalArgumentException("No text column " + column);
		}
		return values;
	}

	public Frame put(String column, double[] values) {
		check(values.length);
		this.texts.remove(column);
		this.numbers.put(column, values);
		return this;
	}

	public Frame put(String column, String[] values) {
		check(values.length);
		this.numbers.remove(column);
		this.texts.put(column, values);
		return this;
	}

	/**
	 * The value of a cell as a category key: integral numbers without a decimal point.
	 */
	String key(String column, int row) {
		double[] values = this.numbers.get(column);
		if (values != null) {
			return numberKey(values[row]);
		}
		return texts(column)[row];
	}

	static String numberKey(double value) {
		if (Double.isNaN(value)) {
			return null;
		}
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		return Double.toString(value);
	}

	/** A new frame holding the given rows, in the given order. */
	public Frame select(int[] rowIndexes) {
		Frame selected = new Frame(rowIndexes.length);
		this.numbers.forEach((name, values) -> {
			double[] copy = new double[rowIndexes.length];
			for (int i = 0; i < rowIndexes.length; i++) {
				copy[i] = values[rowIndexes[i]];
			}
			selected.numbers.put(name, copy);
		});
		this.texts.forEach((name, values) -> {
			String[] copy = new String[rowIndexes.length];
			for (int i = 0; i < rowIndexes.length; i++) {
				copy[i] = values[rowIndexes[i]];
			}
			selected.texts.put(name, copy);
		});
		return selected;
	}

	private void check(int length) {
		if (length != this.rows) {
			throw new IllegalArgumentException("Column of " + length + " values for a frame of " + this.rows);
		}
	}

}
