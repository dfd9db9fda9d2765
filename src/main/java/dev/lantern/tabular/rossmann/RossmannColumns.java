package dev.lantern.tabular.rossmann;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.lantern.tabular.ColumnType;

/**
 * The columns read from each of Kaggle's and the lesson's Rossmann tables, with their
 * types; other columns in the files are skipped.
 */
final class RossmannColumns {

	/** The columns read from {@code train.csv} (or from prediction records). */
	static final Map<String, ColumnType> TRAIN = columns("Store", ColumnType.NUMBER, "DayOfWeek", ColumnType.NUMBER,
			"Date", ColumnType.DATE, "Sales", ColumnType.NUMBER, "Open", ColumnType.NUMBER, "Promo", ColumnType.NUMBER,
			"StateHoliday", ColumnType.TEXT, "SchoolHoliday", ColumnType.NUMBER);

	/** Columns of {@code train.csv} that may be absent (and are at prediction). */
	static final Set<String> OPTIONAL_TRAIN = Set.of("DayOfWeek", "Sales", "Open");

	/** Columns of {@code train.csv} that must have a value in every record. */
	static final Set<String> REQUIRED_VALUES = Set.of("Store", "Date", "Promo", "StateHoliday", "SchoolHoliday");

	static final Map<String, ColumnType> STORE = columns("Store", ColumnType.NUMBER, "StoreType", ColumnType.TEXT,
			"Assortment", ColumnType.TEXT, "CompetitionDistance", ColumnType.NUMBER, "CompetitionOpenSinceMonth",
			ColumnType.NUMBER, "CompetitionOpenSinceYear", ColumnType.NUMBER, "Promo2", ColumnType.NUMBER,
			"Promo2SinceWeek", ColumnType.NUMBER, "Promo2SinceYear", ColumnType.NUMBER, "PromoInterval",
			ColumnType.TEXT);

	static final Map<String, ColumnType> STATES = columns("Store", ColumnType.NUMBER, "State", ColumnType.TEXT);

	static final Map<String, ColumnType> STATE_NAMES = columns("StateName", ColumnType.TEXT, "State", ColumnType.TEXT);

	/** The weather columns the lesson's model uses (others in the file are skipped). */
	static final List<String> WEATHER_NUMBERS = List.of("Max_TemperatureC", "Mean_TemperatureC", "Min_TemperatureC",
			"Max_Humidity", "Mean_Humidity", "Min_Humidity", "Max_Wind_SpeedKm_h", "Mean_Wind_SpeedKm_h", "CloudCover");

	static final Map<String, ColumnType> WEATHER = weather();

	static final Map<String, ColumnType> TRENDS = columns("file", ColumnType.TEXT, "week", ColumnType.WEEK_RANGE,
			"trend", ColumnType.NUMBER);

	private RossmannColumns() {
	}

	private static Map<String, ColumnType> weather() {
		Map<String, ColumnType> columns = new LinkedHashMap<>();
		columns.put("file", ColumnType.TEXT);
		columns.put("Date", ColumnType.DATE);
		WEATHER_NUMBERS.forEach((name) -> columns.put(name, ColumnType.NUMBER));
		columns.put("Events", ColumnType.TEXT);
		return Collections.unmodifiableMap(columns);
	}

	private static Map<String, ColumnType> columns(Object... pairs) {
		Map<String, ColumnType> columns = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			columns.put((String) pairs[i], (ColumnType) pairs[i + 1]);
		}
		return Collections.unmodifiableMap(columns);
	}

}
