package dev.lantern.tabular;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a raw column's values must fit at prediction, so that no value can overflow the
 * network's float arithmetic or pass as something it is not:
 * <ul>
 * <li>every number is finite and within float range ({@code |x| <= 3.4028235e38});</li>
 * <li>a categorical column (a text column, or a number column the model embeds, such as
 * Rossmann's {@code Store}) takes text or an integral number below 10^15 in magnitude:
 * {@code 1.5} or {@code true} is no category;</li>
 * <li>a date lies from {@link #MIN_DATE} to {@link #MAX_DATE};</li>
 * <li>a continuous column whose schema gives {@code min} and {@code max} lies within
 * them: the training mean plus or minus {@value #SPREAD} times the training standard
 * deviation (at least 1), see {@link #bounds}.</li>
 * </ul>
 *
 * @param categorical the columns taken as categories
 * @param bounds per continuous column, its lowest and highest accepted value
 */
record ValueRules(Set<String> categorical, Map<String, double[]> bounds) {

	/** The earliest date a record may carry. */
	static final LocalDate MIN_DATE = LocalDate.of(1800, 1, 1);

	/** The latest date a record may carry. */
	static final LocalDate MAX_DATE = LocalDate.of(2199, 12, 31);

	/**
	 * How many training standard deviations (at least 1) a continuous value may lie from
	 * the training mean.
	 */
	static final double SPREAD = 1e6;

	/** The largest magnitude of an integral category written as a number. */
	static final double MAX_CATEGORY = 1e15;

	/**
	 * The accepted range of a continuous column with this training mean and standard
	 * deviation: {@code mean ± SPREAD × max(std, 1)}, clipped to float range. Far wider
	 * than any real value, and narrow enough that the normalised value
	 * {@code (x - mean) /
	 * std} stays a modest float.
	 */
	static double[] bounds(double mean, double std) {
		double radius = SPREAD * Math.max(std, 1);
		return new double[] { Math.max(-Float.MAX_VALUE, mean - radius), Math.min(Float.MAX_VALUE, mean + radius) };
	}

	/** The rules of a version's input schema; a schema without bounds has none. */
	@SuppressWarnings("unchecked")
	static ValueRules fromInputSchema(Map<String, Object> inputSchema, Map<String, ColumnType> types) {
		Set<String> categorical = new HashSet<>();
		if (inputSchema.get("categorical") instanceof List<?> names) {
			names.forEach((name) -> categorical.add(String.valueOf(name)));
		}
		types.forEach((name, type) -> {
			if (type == ColumnType.TEXT) {
				categorical.add(name);
			}
		});
		Map<String, double[]> bounds = new HashMap<>();
		if (inputSchema.get("columns") instanceof Map<?, ?> columns) {
			((Map<String, Object>) columns).forEach((name, value) -> {
				if (value instanceof Map<?, ?> column && column.get("min") instanceof Number min
						&& column.get("max") instanceof Number max) {
					bounds.put(name, new double[] { min.doubleValue(), max.doubleValue() });
				}
			});
		}
		return new ValueRules(Set.copyOf(categorical), Map.copyOf(bounds));
	}

	boolean isCategorical(String column) {
		return this.categorical.contains(column);
	}

	/**
	 * What is wrong with a column's value, or null when it fits.
	 * @param column the column
	 * @param type its type
	 * @param value the number or epoch day
	 * @param shown the value as the client wrote it, for the message
	 */
	String problem(String column, ColumnType type, double value, String shown) {
		if (!Double.isFinite(value)) {
			return shown + " is not a finite number";
		}
		if (type == ColumnType.DATE) {
			if (value < MIN_DATE.toEpochDay() || value > MAX_DATE.toEpochDay()) {
				return shown + " is outside the dates accepted (" + MIN_DATE + " to " + MAX_DATE + ")";
			}
			return null;
		}
		if (isCategorical(column)) {
			if (value != Math.rint(value) || Math.abs(value) >= MAX_CATEGORY) {
				return shown + " is not a category: expected text or an integral number below 1e15";
			}
			return null;
		}
		if (Math.abs(value) > Float.MAX_VALUE) {
			return shown + " is outside float range (at most 3.4028235e38 in magnitude)";
		}
		double[] range = this.bounds.get(column);
		if (range != null && (value < range[0] || value > range[1])) {
			return shown + " is outside the range this model accepts for '" + column + "' (" + range[0] + " to "
					+ range[1] + ": the training mean plus or minus 1e6 standard deviations)";
		}
		return null;
	}

}
