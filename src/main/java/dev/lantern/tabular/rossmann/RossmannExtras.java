package dev.lantern.tabular.rossmann;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.lantern.tabular.ColumnType;
import dev.lantern.tabular.DateParts;
import dev.lantern.tabular.Frame;
import dev.lantern.tabular.TableReader;

/**
 * The lesson's tables beyond the store states, joined onto rows as its
 * {@code rossmann_data_clean} notebook does: the weather of a state on a day
 * ({@code weather.csv}, whose {@code file} is the state's name, mapped to its code by
 * {@code state_names.csv}) on (State, Date), and Google Trends ({@code googletrend.csv})
 * per state on (State, Year, Week) and Germany-wide as {@code trend_DE} on (Year, Week).
 * A week of trends is keyed by the year and ISO week of its first date, as the lesson
 * does. Where a key repeats, the first record counts.
 */
final class RossmannExtras {

	/** The {@code file} of Germany-wide trends. */
	static final String GERMANY = "Rossmann_DE";

	static final RossmannExtras NONE = new RossmannExtras(null, Map.of(), null, null);

	private final Frame weather;

	private final Map<String, Integer> weatherRows;

	private final Map<String, Double> stateTrends;

	private final Map<Long, Double> germanTrends;

	private RossmannExtras(Frame weather, Map<String, Integer> weatherRows, Map<String, Double> stateTrends,
			Map<Long, Double> germanTrends) {
		this.weather = weather;
		this.weatherRows = weatherRows;
		this.stateTrends = stateTrends;
		this.germanTrends = germanTrends;
	}

	/**
	 * Reads the tables that are given.
	 * @param stateNames {@code state_names.csv}, or null (the weather is then not used)
	 * @param weather {@code weather.csv}, or null
	 * @param trends {@code googletrend.csv}, or null
	 */
	static RossmannExtras read(Path stateNames, Path weather, Path trends, int maxFieldChars) throws IOException {
		Frame weatherTable = null;
		Map<String, Integer> weatherRows = new HashMap<>();
		if (stateNames != null && weather != null) {
			Frame names = read(stateNames, RossmannColumns.STATE_NAMES, Set.of("StateName", "State"), maxFieldChars);
			Map<String, String> codes = new HashMap<>();
			for (int i = 0; i < names.rows(); i++) {
				codes.putIfAbsent(names.texts("StateName")[i].strip(), names.texts("State")[i].strip());
			}
			weatherTable = read(weather, RossmannColumns.WEATHER, Set.of("file", "Date"), maxFieldChars);
			String[] file = weatherTable.texts("file");
			double[] date = weatherTable.numbers("Date");
			for (int i = 0; i < weatherTable.rows(); i++) {
				String state = codes.get(file[i].strip());
				if (state != null) {
					weatherRows.putIfAbsent(dayKey(state, date[i]), i);
				}
			}
		}
		Map<String, Double> stateTrends = null;
		Map<Long, Double> germanTrends = null;
		if (trends != null) {
			stateTrends = new HashMap<>();
			germanTrends = new HashMap<>();
			Frame table = read(trends, RossmannColumns.TRENDS, Set.of("file", "week"), maxFieldChars);
			String[] file = table.texts("file");
			double[] start = table.numbers("week");
			double[] trend = table.numbers("trend");
			for (int i = 0; i < table.rows(); i++) {
				long week = weekKey(start[i]);
				String name = file[i].strip();
				if (GERMANY.equals(name)) {
					germanTrends.putIfAbsent(week, trend[i]);
				}
				String state = trendState(name);
				if (state != null) {
					stateTrends.putIfAbsent(state + "|" + week, trend[i]);
				}
			}
		}
		return new RossmannExtras(weatherTable, weatherRows, stateTrends, germanTrends);
	}

	/**
	 * The state of a trends file, the third part of its name ({@code Rossmann_DE_BY} is
	 * BY); the lesson's {@code NI} is the store states' {@code HB,NI}.
	 */
	static String trendState(String file) {
		String[] parts = file.split("_");
		if (parts.length < 3) {
			return null;
		}
		return "NI".equals(parts[2]) ? "HB,NI" : parts[2];
	}

	boolean hasWeather() {
		return this.weather != null;
	}

	boolean hasTrends() {
		return this.germanTrends != null;
	}

	/**
	 * Adds the weather columns (with State) and {@code trend} (with State) and
	 * {@code trend_DE} to a frame holding Date, Year and Week.
	 */
	void join(Frame frame) {
		int n = frame.rows();
		String[] state = frame.has("State") ? frame.texts("State") : null;
		if (this.weather != null && state != null) {
			double[] date = frame.numbers("Date");
			int[] rows = new int[n];
			for (int i = 0; i < n; i++) {
				Integer row = (state[i] != null) ? this.weatherRows.get(dayKey(state[i], date[i])) : null;
				rows[i] = (row != null) ? row : -1;
			}
			for (String column : RossmannColumns.WEATHER_NUMBERS) {
				double[] source = this.weather.numbers(column);
				double[] values = new double[n];
				for (int i = 0; i < n; i++) {
					values[i] = (rows[i] >= 0) ? source[rows[i]] : Double.NaN;
				}
				frame.put(column, values);
			}
			String[] events = this.weather.texts("Events");
			String[] values = new String[n];
			for (int i = 0; i < n; i++) {
				values[i] = (rows[i] >= 0) ? events[rows[i]] : null;
			}
			frame.put("Events", values);
		}
		if (this.germanTrends != null) {
			double[] year = frame.numbers("Year");
			double[] week = frame.numbers("Week");
			double[] germany = new double[n];
			double[] trend = new double[n];
			for (int i = 0; i < n; i++) {
				long key = Double.isNaN(year[i]) ? Long.MIN_VALUE : (long) year[i] * 100 + (long) week[i];
				germany[i] = this.germanTrends.getOrDefault(key, Double.NaN);
				trend[i] = (state != null && state[i] != null)
						? this.stateTrends.getOrDefault(state[i] + "|" + key, Double.NaN) : Double.NaN;
			}
			if (state != null) {
				frame.put("trend", trend);
			}
			frame.put("trend_DE", germany);
		}
	}

	private static String dayKey(String state, double epochDay) {
		return state + "|" + (long) epochDay;
	}

	/** Year · 100 + ISO week of a date, as fastai's add_datepart gives Year and Week. */
	private static long weekKey(double epochDay) {
		Frame day = new Frame(1).put("Date", new double[] { epochDay });
		DateParts.add(day, "Date", "");
		return (long) day.numbers("Year")[0] * 100 + (long) day.numbers("Week")[0];
	}

	private static Frame read(Path file, Map<String, ColumnType> columns, Set<String> notMissing, int maxFieldChars)
			throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return TableReader.read(in, file.getFileName().toString(), columns, Set.of(), notMissing, maxFieldChars);
		}
	}

}
