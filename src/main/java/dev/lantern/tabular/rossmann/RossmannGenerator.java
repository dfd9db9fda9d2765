package dev.lantern.tabular.rossmann;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes synthetic Rossmann data in the exact format of Kaggle's {@code train.csv},
 * {@code store.csv} and the lesson's {@code store_states.csv}. Log sales are a known sum
 * of effects (store level, store type, assortment, day of week, promo, state and school
 * holidays, nearby competition once it has opened, a yearly season) plus Gaussian noise
 * of standard deviation σ, so sales carry multiplicative log-normal noise and no model
 * can do better than an RMSPE of {@code sqrt(1 - exp(-σ²))} on open days.
 */
final class RossmannGenerator {

	static final String[] STATES = { "BE", "BW", "BY", "HB,NI", "HE", "HH", "NW", "RP", "SH", "SN", "ST", "TH" };

	private static final String[] INTERVALS = { "Jan,Apr,Jul,Oct", "Feb,May,Aug,Nov", "Mar,Jun,Sept,Dec" };

	private static final double[] DAY_OF_WEEK_EFFECT = { 0.18, 0.05, 0.0, 0.0, 0.06, -0.08, 0.10 };

	private final Settings settings;

	private final SplittableRandom random;

	RossmannGenerator(Settings settings) {
		this.settings = settings;
		this.random = new SplittableRandom(settings.seed());
	}

	/**
	 * What to generate.
	 *
	 * @param stores how many stores
	 * @param days how many consecutive days
	 * @param sigma the standard deviation of the noise on log sales
	 * @param seed the random seed
	 * @param start the first day
	 * @param seasonAmplitude the amplitude of the yearly season on log sales
	 */
	record Settings(int stores, int days, double sigma, long seed, LocalDate start, double seasonAmplitude) {

	}

	/** The best RMSPE any model can reach on open days: {@code sqrt(1 - exp(-σ²))}. */
	static double rmspeFloor(double sigma) {
		return Math.sqrt(1 - Math.exp(-sigma * sigma));
	}

	/**
	 * Writes {@code train.csv}, {@code store.csv} and {@code store_states.csv} into a
	 * directory.
	 * @return figures about what was written
	 */
	Map<String, Object> writeInto(Path directory) throws IOException {
		Store[] stores = new Store[this.settings.stores()];
		for (int i = 0; i < stores.length; i++) {
			stores[i] = newStore(i + 1);
		}
		writeStores(directory.resolve("store.csv"), stores);
		writeStates(directory.resolve("store_states.csv"), stores);
		long[] counts = writeTrain(directory.resolve("train.csv"), stores);
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("files", List.of("train.csv", "store.csv", "store_states.csv"));
		report.put("stores", this.settings.stores());
		report.put("days", this.settings.days());
		report.put("start", this.settings.start().toString());
		report.put("sigma", this.settings.sigma());
		report.put("seed", this.settings.seed());
		report.put("rows", counts[0]);
		report.put("openRows", counts[1]);
		report.put("rmspeFloor", rmspeFloor(this.settings.sigma()));
		return report;
	}

	private Store newStore(int id) {
		String type = pick(new String[] { "a", "b", "c", "d" }, new double[] { 0.54, 0.02, 0.13, 0.31 });
		String assortment = pick(new String[] { "a", "b", "c" }, new double[] { 0.53, 0.01, 0.46 });
		double distance = (this.random.nextDouble() < 0.003) ? Double.NaN
				: Math.round(Math.exp(Math.log(2300) + 1.1 * gaussian()) / 10) * 10.0;
		boolean competitionKnown = this.random.nextDouble() < 0.68;
		int competitionYear = competitionKnown ? 2000 + this.random.nextInt(16) : 0;
		int competitionMonth = competitionKnown ? 1 + this.random.nextInt(12) : 0;
		boolean promo2 = this.random.nextBoolean();
		int promo2Week = promo2 ? 1 + this.random.nextInt(50) : 0;
		int promo2Year = promo2 ? 2009 + this.random.nextInt(7) : 0;
		String interval = promo2 ? INTERVALS[this.random.nextInt(INTERVALS.length)] : "";
		int state = this.random.nextInt(STATES.length);
		double level = Math.log(5500) + 0.35 * gaussian();
		return new Store(id, type, assortment, distance, competitionMonth, competitionYear, promo2, promo2Week,
				promo2Year, interval, state, level);
	}

	private void writeStores(Path file, Store[] stores) throws IOException {
		try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
				CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
			csv.printRecord("Store", "StoreType", "Assortment", "CompetitionDistance", "CompetitionOpenSinceMonth",
					"CompetitionOpenSinceYear", "Promo2", "Promo2SinceWeek", "Promo2SinceYear", "PromoInterval");
			for (Store s : stores) {
				csv.printRecord(s.id, s.type, s.assortment, Double.isNaN(s.distance) ? "" : (long) s.distance + ".0",
						(s.competitionYear > 0) ? s.competitionMonth + ".0" : "",
						(s.competitionYear > 0) ? s.competitionYear + ".0" : "", s.promo2 ? 1 : 0,
						s.promo2 ? s.promo2Week + ".0" : "", s.promo2 ? s.promo2Year + ".0" : "", s.interval);
			}
		}
	}

	private void writeStates(Path file, Store[] stores) throws IOException {
		try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
				CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
			csv.printRecord("Store", "State");
			for (Store s : stores) {
				csv.printRecord(s.id, STATES[s.state]);
			}
		}
	}

	/** Kaggle's order: newest day first, stores ascending within a day. */
	private long[] writeTrain(Path file, Store[] stores) throws IOException {
		long rows = 0;
		long open = 0;
		try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
				StandardOpenOption.CREATE_NEW);
				CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
			csv.printRecord("Store", "DayOfWeek", "Date", "Sales", "Customers", "Open", "Promo", "StateHoliday",
					"SchoolHoliday");
			for (int d = this.settings.days() - 1; d >= 0; d--) {
				LocalDate date = this.settings.start().plusDays(d);
				int dayOfWeek = date.getDayOfWeek().getValue();
				int promo = (dayOfWeek <= 5 && Math.floorMod(date.toEpochDay() / 7, 2) == 0) ? 1 : 0;
				for (Store s : stores) {
					String holiday = stateHoliday(date, s.state);
					int school = schoolHoliday(date, s.state) ? 1 : 0;
					boolean isOpen = isOpen(s, dayOfWeek, holiday);
					long sales = 0;
					long customers = 0;
					if (isOpen) {
						double mean = logSales(s, date, dayOfWeek, promo, holiday, school);
						sales = Math.max(1, Math.round(Math.exp(mean + this.settings.sigma() * gaussian())));
						customers = Math.max(1, Math.round(sales / (9.5 + 0.8 * gaussian())));
						open++;
					}
					csv.printRecord(s.id, dayOfWeek, date, sales, customers, isOpen ? 1 : 0, promo, holiday, school);
					rows++;
				}
			}
		}
		return new long[] { rows, open };
	}

	private boolean isOpen(Store s, int dayOfWeek, String holiday) {
		if (this.random.nextDouble() < 0.005) {
			return false;
		}
		if ("b".equals(s.type)) {
			return true;
		}
		return dayOfWeek != 7 && "0".equals(holiday);
	}

	/** The mean of log sales: the known structure. */
	private double logSales(Store s, LocalDate date, int dayOfWeek, int promo, String holiday, int school) {
		double value = s.level;
		value += switch (s.type) {
			case "b" -> 0.45;
			case "c" -> 0.02;
			case "d" -> -0.04;
			default -> 0.0;
		};
		value += switch (s.assortment) {
			case "b" -> -0.2;
			case "c" -> 0.08;
			default -> 0.0;
		};
		value += DAY_OF_WEEK_EFFECT[dayOfWeek - 1];
		value += 0.3 * promo;
		value += "0".equals(holiday) ? 0.0 : 0.12;
		value += 0.04 * school;
		if (!Double.isNaN(s.distance) && (s.competitionYear == 0
				|| !date.isBefore(LocalDate.of(s.competitionYear, s.competitionMonth, 15)))) {
			value -= 0.15 * Math.exp(-s.distance / 3000.0);
		}
		double phase = 2 * Math.PI * (date.getDayOfYear() - 355) / 365.25;
		value += this.settings.seasonAmplitude() * Math.cos(phase);
		return value;
	}

	/**
	 * {@code a} public holiday, {@code b} Easter, {@code c} Christmas, {@code 0} none.
	 */
	static String stateHoliday(LocalDate date, int state) {
		MonthDay day = MonthDay.from(date);
		if (day.equals(MonthDay.of(12, 25)) || day.equals(MonthDay.of(12, 26))) {
			return "c";
		}
		LocalDate easter = easter(date.getYear());
		if (date.equals(easter.minusDays(2)) || date.equals(easter.plusDays(1))) {
			return "b";
		}
		if (day.equals(MonthDay.of(1, 1)) || day.equals(MonthDay.of(5, 1)) || day.equals(MonthDay.of(10, 3))
				|| date.equals(easter.plusDays(39)) || date.equals(easter.plusDays(50))) {
			return "a";
		}
		if ((state == 1 || state == 2 || state == 10) && day.equals(MonthDay.of(1, 6))) {
			return "a";
		}
		if ((state == 1 || state == 2 || state == 6 || state == 7) && day.equals(MonthDay.of(11, 1))) {
			return "a";
		}
		return "0";
	}

	/** Summer (six weeks, staggered by state), autumn (two weeks) and Christmas. */
	static boolean schoolHoliday(LocalDate date, int state) {
		LocalDate summer = LocalDate.of(date.getYear(), 6, 20).plusWeeks(state % 6);
		if (!date.isBefore(summer) && date.isBefore(summer.plusWeeks(6))) {
			return true;
		}
		LocalDate autumn = LocalDate.of(date.getYear(), 10, 5).plusDays(7 * (state % 3));
		if (!date.isBefore(autumn) && date.isBefore(autumn.plusWeeks(2))) {
			return true;
		}
		MonthDay day = MonthDay.from(date);
		return !day.isBefore(MonthDay.of(12, 23)) || day.isBefore(MonthDay.of(1, 7));
	}

	/** Easter Sunday (the anonymous Gregorian algorithm). */
	static LocalDate easter(int year) {
		int a = year % 19;
		int b = year / 100;
		int c = year % 100;
		int d = b / 4;
		int e = b % 4;
		int f = (b + 8) / 25;
		int g = (b - f + 1) / 3;
		int h = (19 * a + b - d - g + 15) % 30;
		int i = c / 4;
		int k = c % 4;
		int l = (32 + 2 * e + 2 * i - h - k) % 7;
		int m = (a + 11 * h + 22 * l) / 451;
		int month = (h + l - 7 * m + 114) / 31;
		int day = ((h + l - 7 * m + 114) % 31) + 1;
		return LocalDate.of(year, month, day);
	}

	private String pick(String[] values, double[] weights) {
		double u = this.random.nextDouble();
		double sum = 0;
		for (int i = 0; i < values.length; i++) {
			sum += weights[i];
			if (u < sum) {
				return values[i];
			}
		}
		return values[values.length - 1];
	}

	private double gaussian() {
		double u1 = this.random.nextDouble();
		double u2 = this.random.nextDouble();
		return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
	}

	private record Store(int id, String type, String assortment, double distance, int competitionMonth,
			int competitionYear, boolean promo2, int promo2Week, int promo2Year, String interval, int state,
			double level) {

	}

}
