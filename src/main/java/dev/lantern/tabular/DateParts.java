package dev.lantern.tabular;

import java.time.LocalDate;
import java.time.temporal.IsoFields;

/**
 * fastai's {@code add_datepart}: Year, Month, Week, Day, Dayofweek, Dayofyear, the month,
 * quarter and year start and end flags, and Elapsed (seconds since the epoch).
 */
public final class DateParts {

	static final String[] PARTS = { "Year", "Month", "Week", "Day", "Dayofweek", "Dayofyear", "Is_month_end",
			"Is_month_start", "Is_quarter_end", "Is_quarter_start", "Is_year_end", "Is_year_start", "Elapsed" };

	private DateParts() {
	}

	/**
	 * Adds the date parts of a column of epoch days.
	 * @param frame the frame to add to
	 * @param column the date column
	 * @param prefix the prefix of the new columns (fastai drops "Date" from the name)
	 */
	public static void add(Frame frame, String column, String prefix) {
		double[] days = frame.numbers(column);
		int n = frame.rows();
		double[][] parts = new double[PARTS.length][n];
		for (int i = 0; i < n; i++) {
			if (Double.isNaN(days[i])) {
				for (double[] part : parts) {
					part[i] = Double.NaN;
				}
				continue;
			}
			LocalDate date = LocalDate.ofEpochDay((long) days[i]);
			LocalDate next = date.plusDays(1);
			LocalDate previous = date.minusDays(1);
			parts[0][i] = date.getYear();
			parts[1][i] = date.getMonthValue();
			parts[2][i] = date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
			parts[3][i] = date.getDayOfMonth();
			parts[4][i] = date.getDayOfWeek().getValue() - 1;
			parts[5][i] = date.getDayOfYear();
			parts[6][i] = flag(next.getDayOfMonth() == 1);
			parts[7][i] = flag(date.getDayOfMonth() == 1);
			parts[8][i] = flag(next.getDayOfMonth() == 1 && next.getMonthValue() % 3 == 1);
			parts[9][i] = flag(date.getDayOfMonth() == 1 && date.getMonthValue() % 3 == 1);
			parts[10][i] = flag(next.getDayOfYear() == 1);
			parts[11][i] = flag(date.getDayOfYear() == 1 && previous.getYear() < date.getYear());
			parts[12][i] = days[i] * 86400.0;
		}
		for (int p = 0; p < PARTS.length; p++) {
			frame.put(prefix + PARTS[p], parts[p]);
		}
	}

	private static double flag(boolean value) {
		return value ? 1 : 0;
	}

}
