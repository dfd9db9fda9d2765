package dev.lantern.tabular;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * How a raw column is read from CSV or JSON.
 */
public enum ColumnType {

	/** A number; empty, {@code NA} and {@code NaN} are missing. */
	NUMBER("a number"),

	/** Text; empty is missing. */
	TEXT("text"),

	/** An ISO date ({@code 2015-07-31}), held as the epoch day. */
	DATE("an ISO date (yyyy-MM-dd)"),

	/**
	 * A Google Trends week ({@code 2012-12-02 - 2012-12-08}), held as the epoch day of
	 * its first date, as the lesson takes it.
	 */
	WEEK_RANGE("a week of two ISO dates (yyyy-MM-dd - yyyy-MM-dd)");

	private final String description;

	ColumnType(String description) {
		this.description = description;
	}

	String description() {
		return this.description;
	}

	/**
	 * Parses a field.
	 * @return the number or epoch day, NaN when missing
	 * @throws IllegalArgumentException when the field is not of this type
	 */
	double parseNumber(String value) {
		if (isMissing(value)) {
			return Double.NaN;
		}
		String v = value.strip();
		if (this == DATE || this == WEEK_RANGE) {
			try {
				if (this == WEEK_RANGE) {
					String[] dates = v.split(" - ", -1);
					if (dates.length != 2) {
						throw new IllegalArgumentException("'" + abbreviate(v) + "' is not " + this.description);
					}
					LocalDate.parse(dates[1].strip());
					return LocalDate.parse(dates[0].strip()).toEpochDay();
				}
				return LocalDate.parse(v).toEpochDay();
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException("'" + abbreviate(v) + "' is not " + this.description);
			}
		}
		try {
			double number = Double.parseDouble(v);
			if (Double.isInfinite(number)) {
				throw new NumberFormatException();
			}
			return number;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + abbreviate(v) + "' is not " + this.description);
		}
	}

	static boolean isMissing(String value) {
		return value == null || value.isBlank() || "NA".equals(value) || "NaN".equals(value) || "null".equals(value);
	}

	static String abbreviate(String value) {
		return (value.length() > 40) ? value.substring(0, 40) + "..." : value;
	}

}
