package dev.lantern.tabular.rossmann;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.tabular.Frame;
import dev.lantern.tabular.TabularPreset;
import dev.lantern.tabular.TabularTrainSpec;
import dev.lantern.tabular.TrainingData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The lesson's weather and Google Trends joins, on a generated fixture: stores in Bavaria
 * (BY), Lower Saxony/Bremen (HB,NI) and Berlin (BE, no weather, no trends) over 30 days
 * from Sunday 2015-03-01.
 */
class RossmannExtrasTests {

	private static final LocalDate FIRST = LocalDate.of(2015, 3, 1);

	private static final int DAYS = 30;

	@TempDir
	Path data;

	@TempDir
	Path version;

	@BeforeEach
	void writeFixture() throws IOException {
		Files.writeString(this.data.resolve("store.csv"),
				"Store,StoreType,Assortment,CompetitionDistance,CompetitionOpenSinceMonth,CompetitionOpenSinceYear,"
						+ "Promo2,Promo2SinceWeek,Promo2SinceYear,PromoInterval\n" + "1,a,a,100,,,0,,,\n"
						+ "2,b,a,200,,,0,,,\n3,c,c,300,,,0,,,\n");
		Files.writeString(this.data.resolve("store_states.csv"), "Store,State\n1,BY\n2,\"HB,NI\"\n3,BE\n");
		Files.writeString(this.data.resolve("state_names.csv"),
				"StateName,State\nBayern,BY\nNiedersachsen,\"HB,NI\"\nBerlin,BE\n");
		StringBuilder weather = new StringBuilder("file,Date,Max_TemperatureC,Mean_TemperatureC,Min_TemperatureC,"
				+ "Dew_PointC,Max_Humidity,Mean_Humidity,Min_Humidity,Max_Wind_SpeedKm_h,Mean_Wind_SpeedKm_h,"
				+ "CloudCover,Events,Precipitationmm\n");
		String[] names = { "Bayern", "Niedersachsen" };
		for (int s = 0; s < names.length; s++) {
			for (int d = 0; d < DAYS; d++) {
				int t = 100 * (s + 1) + d;
				String cloud = (s == 0 && d == 5) ? "" : Integer.toString(d % 8);
				String events = (s == 1 && d % 2 == 0) ? "Rain" : "";
				weather.append(String.join(",", names[s], FIRST.plusDays(d).toString(), "" + t, "" + (t - 1),
						"" + (t - 2), "3", "" + (t + 10), "" + (t + 11), "" + (t + 12), "" + (t + 20), "" + (t + 21),
						cloud, events, "0.5"))
					.append('\n');
			}
		}
		Files.writeString(this.data.resolve("weather.csv"), weather);
		StringBuilder trends = new StringBuilder("file,week,trend\n");
		String[][] files = { { "Rossmann_DE_BY", "10" }, { "Rossmann_DE_NI", "50" }, { "Rossmann_DE", "90" } };
		for (String[] file : files) {
			for (int w = 0; w < 7; w++) {
				LocalDate sunday = FIRST.minusDays(7).plusWeeks(w);
				trends.append(file[0])
					.append(',')
					.append(sunday)
					.append(" - ")
					.append(sunday.plusDays(6))
					.append(',')
					.append(Integer.parseInt(file[1]) + w)
					.append('\n');
			}
		}
		Files.writeString(this.data.resolve("googletrend.csv"), trends);
		StringBuilder train = new StringBuilder(
				"Store,DayOfWeek,Date,Sales,Customers,Open,Promo,StateHoliday," + "SchoolHoliday\n");
		for (int d = DAYS - 1; d >= 0; d--) {
			for (int store = 1; store <= 3; store++) {
				LocalDate date = FIRST.plusDays(d);
				train
					.append(String.join(",", "" + store, "" + date.getDayOfWeek().getValue(), date.toString(),
							"" + (1000 + d), "100", "1", "0", "0", "0"))
					.append('\n');
			}
		}
		Files.writeString(this.data.resolve("train.csv"), train);
	}

	@Test
	void weatherLandsOnTheRowsOfItsStateAndDay() throws IOException {
		Frame features = features(this.data);
		int bavaria = row(features, 1, FIRST.plusDays(9));
		int saxony = row(features, 2, FIRST.plusDays(9));
		assertThat(features.numbers("Max_TemperatureC")[bavaria]).isEqualTo(109);
		assertThat(features.numbers("Min_TemperatureC")[bavaria]).isEqualTo(107);
		assertThat(features.numbers("Mean_Wind_SpeedKm_h")[bavaria]).isEqualTo(130);
		assertThat(features.numbers("Max_TemperatureC")[saxony]).isEqualTo(209);
		assertThat(features.numbers("Mean_Humidity")[saxony]).isEqualTo(220);
		assertThat(features.texts("Events")[bavaria]).isNull();
		assertThat(features.texts("Events")[row(features, 2, FIRST.plusDays(10))]).isEqualTo("Rain");
		assertThat(features.numbers("CloudCover")[row(features, 1, FIRST.plusDays(5))]).isNaN();
		assertThat(features.numbers("CloudCover")[row(features, 1, FIRST.plusDays(6))]).isEqualTo(6);
		int berlin = row(features, 3, FIRST.plusDays(9));
		assertThat(features.numbers("Max_TemperatureC")[berlin]).isNaN();
		assertThat(features.texts("Events")[berlin]).isNull();
	}

	@Test
	void trendsJoinOnStateYearAndTheIsoWeekOfTheirFirstDay() throws IOException {
		Frame features = features(this.data);
		// Sunday 2015-03-01 is in ISO week 9, as is the trend week starting on it.
		assertThat(features.numbers("trend")[row(features, 1, FIRST)]).isEqualTo(11);
		// Monday 2015-03-02 is in ISO week 10, the week of Sunday 2015-03-08 (the
		// lesson's
		// join takes the Sunday's week).
		assertThat(features.numbers("trend")[row(features, 1, FIRST.plusDays(1))]).isEqualTo(12);
		assertThat(features.numbers("trend")[row(features, 2, FIRST.plusDays(1))]).isEqualTo(52);
		assertThat(features.numbers("trend_DE")[row(features, 2, FIRST.plusDays(1))]).isEqualTo(92);
		assertThat(features.numbers("trend")[row(features, 3, FIRST.plusDays(1))]).isNaN();
		assertThat(features.numbers("trend_DE")[row(features, 3, FIRST.plusDays(1))]).isEqualTo(92);
		assertThat(RossmannExtras.trendState("Rossmann_DE_NI")).isEqualTo("HB,NI");
		assertThat(RossmannExtras.trendState("Rossmann_DE")).isNull();
	}

	@Test
	void theLessonsVariablesIncludeTheJoinedColumns() throws IOException {
		Frame features = features(this.data);
		assertThat(RossmannFeatures.categorical(features)).contains("State", "Events");
		assertThat(RossmannFeatures.continuous(features)).containsSubsequence("CompetitionDistance", "Max_TemperatureC",
				"Mean_TemperatureC", "Min_TemperatureC", "Max_Humidity", "Mean_Humidity", "Min_Humidity",
				"Max_Wind_SpeedKm_h", "Mean_Wind_SpeedKm_h", "CloudCover", "trend", "trend_DE", "AfterStateHoliday");
	}

	@Test
	void predictionJoinsTheTablesKeptWithTheModel() throws IOException {
		TabularPreset preset = RossmannSamples.preset();
		TrainingData training = preset.read(
				new TabularTrainSpec("sales", "d", null, null, "rossmann", null, null, null, null, null, null, null,
						null, null, null, null, null, null, null, null, null),
				RossmannSamples.datasetsIn(this.data), 100_000);
		assertThat(training.files().keySet())
			.contains("store.csv", "store_states.csv", "state_names.csv", "weather.csv", "googletrend.csv")
			.doesNotContain("train.csv");
		for (var file : training.files().entrySet()) {
			Files.copy(file.getValue(), this.version.resolve(file.getKey()));
		}
		Frame raw = RossmannTables.readTrain(this.data.resolve("train.csv"), "train.csv", 100_000);
		Frame predicted = preset.pipeline(training.schema(), this.version, 100_000).build(raw);
		for (String column : training.schema().continuous()) {
			assertThat(predicted.numbers(column)).as(column).containsExactly(training.features().numbers(column));
		}
		assertThat(training.schema().continuous()).contains("Max_TemperatureC", "trend", "trend_DE");
		assertThat(predicted.texts("Events")).containsExactly(training.features().texts("Events"));
	}

	@Test
	void missingTablesAreSimplyNotUsed() throws IOException {
		Files.delete(this.data.resolve("state_names.csv"));
		Frame noWeather = features(this.data);
		assertThat(noWeather.has("Max_TemperatureC")).isFalse();
		assertThat(noWeather.has("Events")).isFalse();
		assertThat(noWeather.has("trend")).isTrue();
		Files.delete(this.data.resolve("googletrend.csv"));
		Frame plain = features(this.data);
		assertThat(plain.has("trend")).isFalse();
		assertThat(plain.has("trend_DE")).isFalse();
		assertThat(RossmannFeatures.continuous(plain)).containsExactlyElementsOf(RossmannFeatures.CONTINUOUS);
		assertThat(RossmannFiles.find(this.data, this.data).present()).containsOnlyKeys("store.csv", "store_states.csv",
				"weather.csv");
	}

	@Test
	void trendsWithoutStoreStatesGiveOnlyTheGermanyWideTrend() throws IOException {
		Files.delete(this.data.resolve("store_states.csv"));
		Frame features = features(this.data);
		assertThat(features.has("trend")).isFalse();
		assertThat(features.has("Max_TemperatureC")).isFalse();
		assertThat(features.numbers("trend_DE")[row(features, 1, FIRST.plusDays(1))]).isEqualTo(92);
	}

	@Test
	void aMalformedWeekIsInvalidInputNamingFileAndRecord() throws IOException {
		Files.writeString(this.data.resolve("googletrend.csv"),
				"file,week,trend\nRossmann_DE,2015-03-01 - 2015-03-07,90\nRossmann_DE,2015-03-08,91\n");
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> features(this.data))
			.withMessageContaining("googletrend.csv, record 2, column 'week'")
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("week"))
			.satisfies((ex) -> assertThat(ex.details()).containsEntry("file", "googletrend.csv")
				.containsEntry("record", 2L));
	}

	@Test
	void anUnparsableWeatherValueIsInvalidInputNamingFileAndRecord() throws IOException {
		Path weather = this.data.resolve("weather.csv");
		String content = Files.readString(weather).replaceFirst("Bayern,2015-03-03,102,", "Bayern,2015-03-03,warm,");
		Files.writeString(weather, content);
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> features(this.data))
			.withMessageContaining("weather.csv, record 3, column 'Max_TemperatureC'");
	}

	@Test
	void aWeatherFileWithoutAColumnTheModelUsesIsInvalidInput() throws IOException {
		Files.writeString(this.data.resolve("weather.csv"), "file,Date,Max_TemperatureC\nBayern,2015-03-01,3\n");
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> features(this.data))
			.withMessageContaining("weather.csv lacks the columns Mean_TemperatureC");
	}

	private static Frame features(Path directory) throws IOException {
		Frame raw = RossmannTables.readTrain(directory.resolve("train.csv"), "train.csv", 100_000);
		return RossmannFiles.find(directory, directory).features(100_000).build(raw);
	}

	private static int row(Frame features, int store, LocalDate date) {
		double[] stores = features.numbers("Store");
		double[] dates = features.numbers("Date");
		return IntStream.range(0, features.rows())
			.filter((i) -> stores[i] == store && dates[i] == date.toEpochDay())
			.findFirst()
			.orElseThrow(() -> new AssertionError(
					"No row " + store + " " + date + " in " + Arrays.toString(Arrays.copyOf(dates, 3))));
	}

}
