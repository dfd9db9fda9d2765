package dev.lantern.tabular.rossmann;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.lantern.tabular.DateParts;
import dev.lantern.tabular.Frame;

/**
 * The feature engineering of Lesson 6's Rossmann notebook: joins the store table (and the
 * store states when given) on Store, the weather and Google Trends when given (see
 * {@link RossmannExtras}), adds the date parts, CompetitionMonthsOpen (capped at 24),
 * Promo2Weeks (capped at 25), the days since the last and until the next Promo,
 * StateHoliday and SchoolHoliday, and their 7-row rolling counts before ({@code _bw}) and
 * after ({@code _fw}), per store in date order.
 */
final class RossmannFeatures {

	/** The lesson's categorical variables (without weather, trends and events). */
	static final List<String> CATEGORICAL = List.of("Store", "DayOfWeek", "Year", "Month", "Day", "StateHoliday",
			"CompetitionMonthsOpen", "Promo2Weeks", "StoreType", "Assortment", "PromoInterval",
			"CompetitionOpenSinceYear", "Promo2SinceYear", "State", "Week", "Promo_fw", "Promo_bw", "StateHoliday_fw",
			"StateHoliday_bw", "SchoolHoliday_fw", "SchoolHoliday_bw");

	/** The lesson's continuous variables (without weather and trends). */
	static final List<String> CONTINUOUS = List.of("CompetitionDistance", "AfterStateHoliday", "BeforeStateHoliday",
			"Promo", "SchoolHoliday");

	/**
	 * The lesson's categorical variables in its order, Events (from the weather)
	 * included.
	 */
	static final List<String> LESSON_CATEGORICAL = List.of("Store", "DayOfWeek", "Year", "Month", "Day", "StateHoliday",
			"CompetitionMonthsOpen", "Promo2Weeks", "StoreType", "Assortment", "PromoInterval",
			"CompetitionOpenSinceYear", "Promo2SinceYear", "State", "Week", "Events", "Promo_fw", "Promo_bw",
			"StateHoliday_fw", "StateHoliday_bw", "SchoolHoliday_fw", "SchoolHoliday_bw");

	/** The lesson's continuous variables in its order, weather and trends included. */
	static final List<String> LESSON_CONTINUOUS = List.of("CompetitionDistance", "Max_TemperatureC",
			"Mean_TemperatureC", "Min_TemperatureC", "Max_Humidity", "Mean_Humidity", "Min_Humidity",
			"Max_Wind_SpeedKm_h", "Mean_Wind_SpeedKm_h", "CloudCover", "trend", "trend_DE", "AfterStateHoliday",
			"BeforeStateHoliday", "Promo", "SchoolHoliday");

	private static final String[] EVENTS = { "SchoolHoliday", "StateHoliday", "Promo" };

	private static final String[] STORE_NUMBERS = { "CompetitionDistance", "CompetitionOpenSinceMonth",
			"CompetitionOpenSinceYear", "Promo2", "Promo2SinceWeek", "Promo2SinceYear" };

	private static final String[] STORE_TEXTS = { "StoreType", "Assortment", "PromoInterval" };

	private final Frame stores;

	private final Map<Long, Integer> storeRows = new HashMap<>();

	private final RossmannExtras extras;

	/**
	 * @param stores the store table, with a {@code State} text column when the store
	 * states were given
	 */
	RossmannFeatures(Frame stores) {
		this(stores, RossmannExtras.NONE);
	}

	/**
	 * @param stores the store table, with a {@code State} text column when the store
	 * states were given
	 * @param extras the weather and trends to join, if any
	 */
	RossmannFeatures(Frame stores, RossmannExtras extras) {
		this.stores = stores;
		this.extras = extras;
		double[] ids = stores.numbers("Store");
		for (int i = 0; i < ids.length; i++) {
			if (!Double.isNaN(ids[i])) {
				this.storeRows.putIfAbsent((long) ids[i], i);
			}
		}
	}

	/** The lesson's categorical variables that these features hold. */
	static List<String> categorical(Frame features) {
		return LESSON_CATEGORICAL.stream().filter(features::has).toList();
	}

	/** The lesson's continuous variables that these features hold. */
	static List<String> continuous(Frame features) {
		return LESSON_CONTINUOUS.stream().filter(features::has).toList();
	}

	boolean hasStates() {
		return this.stores.has("State");
	}

	/** Whether the store table holds this store. */
	boolean knowsStore(double store) {
		return !Double.isNaN(store) && this.storeRows.containsKey((long) store);
	}

	/**
	 * Builds the features of raw rows (columns of {@link RossmannColumns#TRAIN}).
	 * @return a new frame with the raw and the derived columns
	 */
	Frame build(Frame raw) {
		int n = raw.rows();
		Frame frame = raw.select(identity(n));
		double[] store = frame.numbers("Store");
		double[] date = frame.numbers("Date");
		join(frame, store);
		double[] dayOfWeek = new double[n];
		double[] given = frame.has("DayOfWeek") ? frame.numbers("DayOfWeek") : null;
		for (int i = 0; i < n; i++) {
			dayOfWeek[i] = (given != null && !Double.isNaN(given[i])) ? given[i]
					: LocalDate.ofEpochDay((long) date[i]).getDayOfWeek().getValue();
		}
		frame.put("DayOfWeek", dayOfWeek);
		String[] holiday = frame.texts("StateHoliday");
		double[] holidayFlag = new double[n];
		for (int i = 0; i < n; i++) {
			holidayFlag[i] = (holiday[i] == null || "0".equals(holiday[i].strip())) ? 0 : 1;
		}
		frame.put("StateHoliday", holidayFlag);
		DateParts.add(frame, "Date", "");
		this.extras.join(frame);
		competitionAndPromo2(frame, date);
		events(frame, store, date);
		return frame;
	}

	private void join(Frame frame, double[] store) {
		int n = frame.rows();
		int[] rows = new int[n];
		for (int i = 0; i < n; i++) {
			Integer row = Double.isNaN(store[i]) ? null : this.storeRows.get((long) store[i]);
			rows[i] = (row != null) ? row : -1;
		}
		for (String column : STORE_NUMBERS) {
			double[] source = this.stores.numbers(column);
			double[] values = new double[n];
			for (int i = 0; i < n; i++) {
				values[i] = (rows[i] >= 0) ? source[rows[i]] : Double.NaN;
			}
			frame.put(column, values);
		}
		List<String> texts = new ArrayList<>(List.of(STORE_TEXTS));
		if (hasStates()) {
			texts.add("State");
		}
		for (String column : texts) {
			String[] source = this.stores.texts(column);
			String[] values = new String[n];
			for (int i = 0; i < n; i++) {
				values[i] = (rows[i] >= 0) ? source[rows[i]] : null;
			}
			frame.put(column, values);
		}
	}

	private static void competitionAndPromo2(Frame frame, double[] date) {
		int n = frame.rows();
		double[] month = fill(frame.numbers("CompetitionOpenSinceMonth"), 1);
		double[] year = fill(frame.numbers("CompetitionOpenSinceYear"), 1900);
		double[] week2 = fill(frame.numbers("Promo2SinceWeek"), 1);
		double[] year2 = fill(frame.numbers("Promo2SinceYear"), 1900);
		double[] monthsOpen = new double[n];
		double[] promo2Weeks = new double[n];
		for (int i = 0; i < n; i++) {
			int y = (int) Math.max(1, Math.min(9999, year[i]));
			int m = (int) Math.max(1, Math.min(12, month[i]));
			double days = date[i] - LocalDate.of(y, m, 15).toEpochDay();
			if (days < 0 || year[i] < 1990) {
				days = 0;
			}
			monthsOpen[i] = Math.min(24, Math.floor(days / 30));
			int y2 = (int) Math.max(1, Math.min(9999, year2[i]));
			int w2 = (int) Math.max(1, Math.min(52, week2[i]));
			LocalDate since = LocalDate.of(y2, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, w2).with(DayOfWeek.MONDAY);
			double days2 = date[i] - since.toEpochDay();
			if (days2 < 0 || year2[i] < 1990) {
				days2 = 0;
			}
			promo2Weeks[i] = Math.min(25, Math.floor(days2 / 7));
		}
		frame.put("CompetitionOpenSinceMonth", month);
		frame.put("CompetitionOpenSinceYear", year);
		frame.put("Promo2SinceWeek", week2);
		frame.put("Promo2SinceYear", year2);
		frame.put("CompetitionMonthsOpen", monthsOpen);
		frame.put("Promo2Weeks", promo2Weeks);
	}

	/** Days since and until each event, and 7-row rolling counts, per store by date. */
	private static void events(Frame frame, double[] store, double[] date) {
		int n = frame.rows();
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		Arrays.sort(order, Comparator.<Integer>comparingDouble((i) -> store[i]).thenComparingDouble((i) -> date[i]));
		for (String event : EVENTS) {
			double[] values = frame.numbers(event);
			double[] after = new double[n];
			double[] before = new double[n];
			double[] backward = new double[n];
			double[] forward = new double[n];
			int start = 0;
			while (start < n) {
				int end = start;
				while (end < n && Double.compare(store[order[end]], store[order[start]]) == 0) {
					end++;
				}
				double last = Double.NaN;
				double window = 0;
				for (int k = start; k < end; k++) {
					int row = order[k];
					boolean happens = values[row] > 0;
					if (happens) {
						last = date[row];
					}
					after[row] = Double.isNaN(last) ? 0 : date[row] - last;
					window += happens ? 1 : 0;
					if (k - 7 >= start && values[order[k - 7]] > 0) {
						window -= 1;
					}
					backward[row] = window;
				}
				double next = Double.NaN;
				window = 0;
				for (int k = end - 1; k >= start; k--) {
					int row = order[k];
					boolean happens = values[row] > 0;
					if (happens) {
						next = date[row];
					}
					before[row] = Double.isNaN(next) ? 0 : date[row] - next;
					window += happens ? 1 : 0;
					if (k + 7 < end && values[order[k + 7]] > 0) {
						window -= 1;
					}
					forward[row] = window;
				}
				start = end;
			}
			frame.put("After" + event, after);
			frame.put("Before" + event, before);
			frame.put(event + "_bw", backward);
			frame.put(event + "_fw", forward);
		}
	}

	private static double[] fill(double[] values, double fallback) {
		double[] filled = values.clone();
		for (int i = 0; i < filled.length; i++) {
			if (Double.isNaN(filled[i])) {
				filled[i] = fallback;
			}
		}
		return filled;
	}

	private static int[] identity(int n) {
		int[] rows = new int[n];
		for (int i = 0; i < n; i++) {
			rows[i] = i;
		}
		return rows;
	}

}
