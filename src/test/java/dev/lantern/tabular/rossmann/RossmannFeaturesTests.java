package dev.lantern.tabular.rossmann;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.tabular.Frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The lesson's Rossmann features and the generator's Kaggle format.
 */
class RossmannFeaturesTests {

	@TempDir
	Path directory;

	@Test
	void generatorWritesKagglesHeadersNewestDayFirst() throws IOException {
		new RossmannGenerator(new RossmannGenerator.Settings(3, 10, 0.1, 1, LocalDate.of(2015, 7, 22), 0.08))
			.writeInto(this.directory);
		List<String> train = Files.readAllLines(this.directory.resolve("train.csv"));
		assertThat(train.get(0))
			.isEqualTo("Store,DayOfWeek,Date,Sales,Customers,Open,Promo,StateHoliday,SchoolHoliday");
		assertThat(train).hasSize(31);
		assertThat(train.get(1)).startsWith("1,5,2015-07-31,");
		assertThat(train.get(3)).startsWith("3,5,2015-07-31,");
		assertThat(Files.readAllLines(this.directory.resolve("store.csv")).get(0))
			.isEqualTo("Store,StoreType,Assortment,CompetitionDistance,CompetitionOpenSinceMonth,"
					+ "CompetitionOpenSinceYear,Promo2,Promo2SinceWeek,Promo2SinceYear,PromoInterval");
		assertThat(Files.readAllLines(this.directory.resolve("store_states.csv")).get(0)).isEqualTo("Store,State");
	}

	@Test
	void closedDaysHaveNoSales() throws IOException {
		new RossmannGenerator(new RossmannGenerator.Settings(10, 60, 0.1, 5, LocalDate.of(2014, 1, 1), 0.08))
			.writeInto(this.directory);
		Frame raw = RossmannTables.readTrain(this.directory.resolve("train.csv"), "train.csv", 1000);
		double[] open = raw.numbers("Open");
		double[] sales = raw.numbers("Sales");
		for (int i = 0; i < raw.rows(); i++) {
			assertThat(sales[i] > 0).isEqualTo(open[i] == 1);
		}
		assertThat(RossmannTables.trainableRows(raw).length).isLessThan(raw.rows()).isPositive();
	}

	@Test
	void theNoiseOfGeneratedSalesHasTheRequestedSigma() throws IOException {
		double sigma = 0.2;
		new RossmannGenerator(new RossmannGenerator.Settings(2, 1500, sigma, 11, LocalDate.of(2010, 1, 1), 0.0))
			.writeInto(this.directory);
		Frame raw = RossmannTables.readTrain(this.directory.resolve("train.csv"), "train.csv", 1000);
		double[] store = raw.numbers("Store");
		double[] dayOfWeek = raw.numbers("DayOfWeek");
		double[] promo = raw.numbers("Promo");
		double[] school = raw.numbers("SchoolHoliday");
		String[] holiday = raw.texts("StateHoliday");
		double[] sales = raw.numbers("Sales");
		java.util.Map<String, List<Double>> groups = new java.util.HashMap<>();
		for (int i : RossmannTables.trainableRows(raw)) {
			String key = store[i] + "/" + dayOfWeek[i] + "/" + promo[i] + "/" + school[i] + "/" + holiday[i];
			groups.computeIfAbsent(key, (k) -> new java.util.ArrayList<>()).add(Math.log(sales[i]));
		}
		double squares = 0;
		long degrees = 0;
		for (List<Double> group : groups.values()) {
			double mean = group.stream().mapToDouble(Double::doubleValue).average().orElse(0);
			squares += group.stream().mapToDouble((v) -> (v - mean) * (v - mean)).sum();
			degrees += group.size() - 1;
		}
		// Pooled within-group deviation of log sales: the noise, plus at most a small
		// step
		// where a competitor opens during the period.
		assertThat(Math.sqrt(squares / degrees)).isCloseTo(sigma, within(0.02));
		assertThat(RossmannGenerator.rmspeFloor(sigma)).isCloseTo(Math.sqrt(1 - Math.exp(-0.04)), within(1e-15));
		assertThat(RossmannGenerator.rmspeFloor(0.1)).isCloseTo(0.0998, within(1e-4));
	}

	@Test
	void computesTheLessonsFeatures() {
		Frame stores = new Frame(1).put("Store", new double[] { 1 })
			.put("StoreType", new String[] { "a" })
			.put("Assortment", new String[] { "c" })
			.put("CompetitionDistance", new double[] { 1270 })
			.put("CompetitionOpenSinceMonth", new double[] { 9 })
			.put("CompetitionOpenSinceYear", new double[] { 2008 })
			.put("Promo2", new double[] { 1 })
			.put("Promo2SinceWeek", new double[] { 13 })
			.put("Promo2SinceYear", new double[] { 2015 })
			.put("PromoInterval", new String[] { "Jan,Apr,Jul,Oct" });
		int days = 10;
		double[] date = new double[days];
		double[] store = new double[days];
		double[] promo = new double[days];
		double[] school = new double[days];
		String[] holiday = new String[days];
		LocalDate first = LocalDate.of(2015, 4, 1);
		for (int i = 0; i < days; i++) {
			// Rows in Kaggle's order: newest first.
			date[i] = first.plusDays(days - 1 - i).toEpochDay();
			store[i] = 1;
			promo[i] = (i == 4) ? 1 : 0;
			school[i] = 0;
			holiday[i] = (i == 0) ? "a" : "0";
		}
		Frame raw = new Frame(days).put("Store", store)
			.put("Date", date)
			.put("Promo", promo)
			.put("StateHoliday", holiday)
			.put("SchoolHoliday", school);
		Frame features = new RossmannFeatures(stores).build(raw);
		// Row 4 is 2015-04-06, the promo day; row 9 is 2015-04-01, row 0 is 2015-04-10.
		assertThat(features.numbers("CompetitionMonthsOpen")[9]).isEqualTo(24);
		// ISO week 13 of 2015 starts on Monday 2015-03-23: 9 days before 2015-04-01.
		assertThat(features.numbers("Promo2Weeks")[9]).isEqualTo(1);
		assertThat(features.numbers("AfterPromo")[0]).isEqualTo(4);
		assertThat(features.numbers("BeforePromo")[9]).isEqualTo(-5);
		assertThat(features.numbers("AfterPromo")[9]).isZero();
		assertThat(features.numbers("Promo_bw")[0]).isEqualTo(1);
		assertThat(features.numbers("Promo_fw")[9]).isEqualTo(1);
		assertThat(features.numbers("Promo_fw")[2]).isZero();
		assertThat(features.numbers("StateHoliday")[0]).isEqualTo(1);
		assertThat(features.numbers("StateHoliday")[1]).isZero();
		assertThat(features.numbers("DayOfWeek")[4]).isEqualTo(1);
		assertThat(features.numbers("Dayofweek")[4]).isZero();
		assertThat(features.numbers("Week")[4]).isEqualTo(15);
		assertThat(features.numbers("Is_month_start")[9]).isEqualTo(1);
		assertThat(features.numbers("Is_quarter_start")[9]).isEqualTo(1);
		assertThat(features.numbers("Is_month_end")[9]).isZero();
		assertThat(features.texts("StoreType")[3]).isEqualTo("a");
	}

	@Test
	void anUnknownStoreGetsMissingStoreColumns() {
		Frame stores = new Frame(1).put("Store", new double[] { 1 })
			.put("StoreType", new String[] { "a" })
			.put("Assortment", new String[] { "c" })
			.put("CompetitionDistance", new double[] { 1270 })
			.put("CompetitionOpenSinceMonth", new double[] { Double.NaN })
			.put("CompetitionOpenSinceYear", new double[] { Double.NaN })
			.put("Promo2", new double[] { 0 })
			.put("Promo2SinceWeek", new double[] { Double.NaN })
			.put("Promo2SinceYear", new double[] { Double.NaN })
			.put("PromoInterval", new String[] { null });
		Frame raw = new Frame(1).put("Store", new double[] { 7 })
			.put("Date", new double[] { LocalDate.of(2015, 1, 5).toEpochDay() })
			.put("Promo", new double[] { 0 })
			.put("StateHoliday", new String[] { "0" })
			.put("SchoolHoliday", new double[] { 0 });
		Frame features = new RossmannFeatures(stores).build(raw);
		assertThat(features.texts("StoreType")[0]).isNull();
		assertThat(features.numbers("CompetitionDistance")[0]).isNaN();
		assertThat(features.numbers("CompetitionMonthsOpen")[0]).isZero();
	}

}
