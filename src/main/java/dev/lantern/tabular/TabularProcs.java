package dev.lantern.tabular;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * fastai's tabular procs, fitted on the training rows only and stored with the model so
 * that prediction preprocesses exactly as training did: FillMissing (the median, and a
 * {@code <column>_na} category when the training rows had missing values), Categorify
 * (sorted classes, index 0 is {@code #na#} for missing and unseen values) and Normalize
 * (mean and standard deviation of the filled training values).
 *
 * @param categorical the categorical columns, the {@code _na} columns last
 * @param continuous the continuous columns
 */
record TabularProcs(List<Categorical> categorical, List<Continuous> continuous) {

	/** fastai's name of category 0, for missing and unseen values. */
	static final String NA = "#na#";

	/**
	 * A categorical column.
	 *
	 * @param name the column
	 * @param classes its classes, {@code #na#} first
	 * @param missingOf the continuous column whose missing values it flags, or null
	 */
	record Categorical(String name, List<String> classes, String missingOf) {

		int cardinality() {
			return this.classes.size();
		}

	}

	/**
	 * A continuous column.
	 *
	 * @param name the column
	 * @param median the value that fills a missing one
	 * @param mean the mean after filling
	 * @param std the standard deviation after filling
	 */
	record Continuous(String name, double median, double mean, double std) {

	}

	/**
	 * Fits the procs on the training rows.
	 * @param frame the features
	 * @param rows the training rows
	 * @param categoricalNames the categorical columns
	 * @param continuousNames the continuous columns (numeric)
	 */
	static TabularProcs fit(Frame frame, int[] rows, List<String> categoricalNames, List<String> continuousNames) {
		List<Categorical> categorical = new ArrayList<>();
		for (String name : categoricalNames) {
			List<String> classes;
			if (frame.isNumeric(name)) {
				// Distinct values, sorted, as keys: the same classes as sorting the keys
				// by value, without a String per cell.
				double[] values = frame.numbers(name);
				double[] present = new double[rows.length];
				int count = 0;
				for (int row : rows) {
					double v = values[row];
					if (!Double.isNaN(v)) {
						present[count++] = (v == 0) ? 0.0 : v;
					}
				}
				double[] distinct = Arrays.stream(present, 0, count).sorted().distinct().toArray();
				classes = new ArrayList<>(distinct.length + 1);
				for (double v : distinct) {
					classes.add(Frame.numberKey(v));
				}
			}
			else {
				String[] values = frame.texts(name);
				Set<String> seen = new HashSet<>();
				for (int row : rows) {
					if (values[row] != null) {
						seen.add(values[row]);
					}
				}
				classes = new ArrayList<>(seen);
				classes.sort(Comparator.naturalOrder());
			}
			classes.add(0, NA);
			categorical.add(new Categorical(name, List.copyOf(classes), null));
		}
		List<Continuous> continuous = new ArrayList<>();
		List<Categorical> missingFlags = new ArrayList<>();
		for (String name : continuousNames) {
			double[] values = frame.numbers(name);
			double[] present = Arrays.stream(rows)
				.mapToDouble((row) -> values[row])
				.filter((v) -> !Double.isNaN(v))
				.sorted()
				.toArray();
			double median = (present.length == 0) ? 0 : (present.length % 2 == 1) ? present[present.length / 2]
					: (present[present.length / 2 - 1] + present[present.length / 2]) / 2;
			int missing = rows.length - present.length;
			double sum = Arrays.stream(present).sum() + missing * median;
			double mean = sum / rows.length;
			double squares = 0;
			for (double v : present) {
				squares += (v - mean) * (v - mean);
			}
			squares += missing * (median - mean) * (median - mean);
			double std = Math.sqrt(squares / rows.length);
			continuous.add(new Continuous(name, median, mean, std));
			if (missing > 0) {
				missingFlags.add(new Categorical(name + "_na", List.of(NA, "false", "true"), name));
			}
		}
		categorical.addAll(missingFlags);
		return new TabularProcs(List.copyOf(categorical), List.copyOf(continuous));
	}

	/** The raw columns the procs read. */
	List<String> inputColumns() {
		List<String> columns = new ArrayList<>();
		this.categorical.stream().filter((c) -> c.missingOf() == null).forEach((c) -> columns.add(c.name()));
		this.continuous.forEach((c) -> columns.add(c.name()));
		return columns;
	}

	/** Applies the procs to every row of a frame. */
	Encoded apply(Frame frame) {
		return apply(frame, null);
	}

	/**
	 * Applies the procs to some rows of a frame, in the given order, without copying the
	 * frame's columns.
	 * @param frame the features
	 * @param rows the rows, or null for all
	 */
	Encoded apply(Frame frame, int[] rows) {
		int n = (rows != null) ? rows.length : frame.rows();
		int[][] codes = new int[this.categorical.size()][n];
		BitSet[] unseen = new BitSet[this.categorical.size()];
		for (int c = 0; c < this.categorical.size(); c++) {
			Categorical column = this.categorical.get(c);
			unseen[c] = new BitSet(n);
			if (column.missingOf() != null) {
				double[] values = frame.numbers(column.missingOf());
				for (int i = 0; i < n; i++) {
					codes[c][i] = Double.isNaN(values[row(rows, i)]) ? 2 : 1;
				}
				continue;
			}
			double[] numericClasses = frame.isNumeric(column.name()) ? numericClasses(column) : null;
			if (numericClasses != null) {
				double[] values = frame.numbers(column.name());
				for (int i = 0; i < n; i++) {
					double v = values[row(rows, i)];
					if (Double.isNaN(v)) {
						continue;
					}
					int k = Arrays.binarySearch(numericClasses, (v == 0) ? 0.0 : v);
					if (k >= 0) {
						codes[c][i] = k + 1;
					}
					else {
						unseen[c].set(i);
					}
				}
				continue;
			}
			Map<String, Integer> index = new HashMap<>();
			for (int k = 1; k < column.classes().size(); k++) {
				index.put(column.classes().get(k), k);
			}
			for (int i = 0; i < n; i++) {
				String key = frame.key(column.name(), row(rows, i));
				Integer code = (key != null) ? index.get(key) : null;
				codes[c][i] = (code != null) ? code : 0;
				if (key != null && code == null) {
					unseen[c].set(i);
				}
			}
		}
		float[][] values = new float[this.continuous.size()][n];
		for (int c = 0; c < this.continuous.size(); c++) {
			Continuous column = this.continuous.get(c);
			double[] raw = frame.numbers(column.name());
			double scale = column.std() + 1e-7;
			for (int i = 0; i < n; i++) {
				double r = raw[row(rows, i)];
				double v = Double.isNaN(r) ? column.median() : r;
				values[c][i] = (float) ((v - column.mean()) / scale);
			}
		}
		return new Encoded(n, codes, values, unseen);
	}

	private static int row(int[] rows, int i) {
		return (rows != null) ? rows[i] : i;
	}

	/**
	 * A numeric column's classes (after {@code #na#}) as numbers in ascending order, so
	 * that class {@code k + 1} is the value at {@code k}; null when a class is not the
	 * key of a number ({@link Frame#numberKey}) or they are not ascending, and the keys
	 * must be compared as text.
	 */
	private static double[] numericClasses(Categorical column) {
		List<String> classes = column.classes();
		double[] values = new double[classes.size() - 1];
		for (int k = 1; k < classes.size(); k++) {
			double value;
			try {
				value = Double.parseDouble(classes.get(k));
			}
			catch (NumberFormatException ex) {
				return null;
			}
			if (!classes.get(k).equals(Frame.numberKey(value)) || (k > 1 && !(value > values[k - 2]))) {
				return null;
			}
			values[k - 1] = value;
		}
		return values;
	}

	/**
	 * Rows after the procs.
	 *
	 * @param rows how many rows
	 * @param codes category indexes, [column][row]
	 * @param continuous normalised values, [column][row]
	 * @param unseen per categorical column, the rows whose value the training rows never
	 * had
	 */
	record Encoded(int rows, int[][] codes, float[][] continuous, BitSet[] unseen) {

	}

}
