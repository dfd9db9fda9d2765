package dev.lantern.tabular;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.json.JsonMapper;

import dev.lantern.datasets.CsvLimits;
import dev.lantern.datasets.CsvReader;
import dev.lantern.models.Inference;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.Operation;
import dev.lantern.models.ServableModel;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.LanternException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Random predict records, valid and invalid, as JSON text and as CSV, through what the
 * predict endpoint runs (Jackson, {@link CsvReader}, {@link RawColumns},
 * {@link TabularPredictions}) against the small Rossmann model of
 * {@link TabularTestModel}, trained once per JVM. A valid request always gets finite
 * predictions; a request with one bad value always gets invalid input (a 400) naming that
 * record and field; nothing else (no other exception, which would be a 5xx, and no NaN)
 * ever comes out.
 */
class PredictRecordPropertyTests {

	private static final List<String> COLUMNS = List.of("Store", "Date", "Promo", "StateHoliday", "SchoolHoliday");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TabularTestModel fixture = TabularTestModel.get();

	private final ModelVersionInfo info = new ModelVersionInfo("sales", 1, "tabular", true, null, false,
			this.fixture.schema.describe(this.fixture.result.procs()), List.of(), Map.of(), Instant.now());

	private final TabularPredictions predictions = new TabularPredictions(new DirectInference(this.fixture.model),
			TabularTestModel.DEFAULTS, TabularTestModel.presets(TabularTestModel.DEFAULTS));

	@Property(tries = 60)
	void validJsonRecordsGetFinitePredictions(@ForAll("records") List<Map<String, String>> records) {
		List<TabularPrediction> answer = predictJson(json(records, -1, null, null));
		assertThat(answer).hasSize(records.size())
			.allSatisfy((prediction) -> assertThat(prediction.prediction()).isFinite().isPositive());
		assertThat(JSON.writeValueAsString(answer)).doesNotContain("NaN").doesNotContain("Infinity");
	}

	@Property(tries = 150)
	void aJsonRecordWithOneBadValueIsInvalidInputNamingRecordAndField(
			@ForAll("records") List<Map<String, String>> records, @ForAll("jsonDefects") Defect defect,
			@ForAll("indexes") int pick) {
		int record = pick % records.size();
		Throwable thrown = catchThrowable(() -> predictJson(json(records, record, defect.field(), defect.value())));
		assertThat(thrown).as("%s in record %d", defect, record).isInstanceOf(InvalidInputException.class);
		InvalidInputException invalid = (InvalidInputException) thrown;
		assertThat(invalid.field()).as(invalid.getMessage()).isEqualTo(defect.field());
		assertThat(invalid.details()).as(invalid.getMessage()).containsEntry("record", record);
	}

	@Property(tries = 60)
	void validCsvRecordsGetFinitePredictions(@ForAll("records") List<Map<String, String>> records) {
		List<TabularPrediction> answer = predictCsv(csv(records, -1, null, null));
		assertThat(answer).hasSize(records.size())
			.allSatisfy((prediction) -> assertThat(prediction.prediction()).isFinite().isPositive());
	}

	@Property(tries = 150)
	void aCsvRecordWithOneBadValueIsInvalidInputNamingRecordAndColumn(
			@ForAll("records") List<Map<String, String>> records, @ForAll("csvDefects") Defect defect,
			@ForAll("indexes") int pick) {
		int record = pick % records.size();
		Throwable thrown = catchThrowable(() -> predictCsv(csv(records, record, defect.field(), defect.value())));
		assertThat(thrown).as("%s in record %d", defect, record).isInstanceOf(InvalidInputException.class);
		InvalidInputException invalid = (InvalidInputException) thrown;
		assertThat(invalid.field()).as(invalid.getMessage()).isEqualTo(defect.field());
		assertThat(((Number) invalid.details().get("record")).longValue()).as(invalid.getMessage())
			.isEqualTo(record + 1);
	}

	/**
	 * Records of 1 to 12 rows, each value as JSON text: stores 1 to 30 (the model knows 1
	 * to 20), dates of 2013 to 2016, promos and school holidays as 0/1 or any modest
	 * number, state holidays as text or an integral number.
	 */
	@Provide
	Arbitrary<List<Map<String, String>>> records() {
		Arbitrary<String> store = Arbitraries.integers().between(1, 30).map(String::valueOf);
		Arbitrary<String> date = Arbitraries.integers()
			.between(0, 4 * 365)
			.map((day) -> "\"" + LocalDate.of(2013, 1, 1).plusDays(day) + "\"");
		Arbitrary<String> promo = Arbitraries.oneOf(Arbitraries.of("0", "1", "true", "false"),
				Arbitraries.doubles().between(-1000, 1000).map(String::valueOf));
		Arbitrary<String> holiday = Arbitraries.of("\"0\"", "\"a\"", "\"b\"", "\"c\"", "0", "1", "\"\u00fc\"");
		Arbitrary<String> school = Arbitraries.of("0", "1", "0.5", "1e3", "-7");
		return Combinators.combine(store, date, promo, holiday, school).as((s, d, p, h, c) -> {
			Map<String, String> record = new LinkedHashMap<>();
			record.put("Store", s);
			record.put("Date", d);
			record.put("Promo", p);
			record.put("StateHoliday", h);
			record.put("SchoolHoliday", c);
			return record;
		}).list().ofMinSize(1).ofMaxSize(12);
	}

	/** Values (JSON text) that do not fit their column. */
	@Provide
	Arbitrary<Defect> jsonDefects() {
		return Arbitraries.oneOf(
				Arbitraries.of("1.5", "1e309", "-1e309", "1e20", "true", "\"1\"", "null", "[1]", "{}")
					.map((v) -> new Defect("Store", v)),
				Arbitraries.of("1e308", "1e309", "-3.5e38", "2e6", "-1.5e6", "\"yes\"", "null", "\"NaN\"", "[]")
					.map((v) -> new Defect("Promo", v)),
				Arbitraries
					.of("\"0001-01-01\"", "\"9999-12-31\"", "\"2015-13-01\"", "\"20/04/2015\"", "20150101", "true",
							"null", "\"\"")
					.map((v) -> new Defect("Date", v)),
				Arbitraries.of("true", "0.5", "1e309", "1e16", "{}", "[\"a\"]", "null")
					.map((v) -> new Defect("StateHoliday", v)),
				Arbitraries.of("1e39", "\"1\"", "null", "\"NA\"", "3e6").map((v) -> new Defect("SchoolHoliday", v)),
				Arbitraries.doubles()
					.between(-1e30, 1e30)
					.filter((v) -> Math.abs(v) > 2e6)
					.map((v) -> new Defect("Promo", String.valueOf(v))));
	}

	/** Fields (CSV text) that do not fit their column. */
	@Provide
	Arbitrary<Defect> csvDefects() {
		return Arbitraries.oneOf(
				Arbitraries.of("1.5", "1e309", "1e20", "true", "abc", "", "NaN").map((v) -> new Defect("Store", v)),
				Arbitraries.of("1e308", "1e309", "-3.5e38", "Infinity", "2e6", "yes", "", "NA", "0x10")
					.map((v) -> new Defect("Promo", v)),
				Arbitraries.of("0001-01-01", "9999-12-31", "2015-02-30", "20150101", "", "yesterday")
					.map((v) -> new Defect("Date", v)),
				Arbitraries.of("", "NA", "null").map((v) -> new Defect("StateHoliday", v)),
				Arbitraries.of("1e39", "-1e309", "one", "").map((v) -> new Defect("SchoolHoliday", v)));
	}

	@Provide
	Arbitrary<Integer> indexes() {
		return Arbitraries.integers().between(0, 1000);
	}

	@SuppressWarnings("unchecked")
	private List<TabularPrediction> predictJson(String body) {
		List<Map<String, Object>> records = (List<Map<String, Object>>) JSON.readValue(body, Map.class).get("records");
		Frame frame = RawColumns.fromInputSchema(this.info.inputSchema()).fromRecords(records);
		return this.predictions.predict(this.info, frame);
	}

	private List<TabularPrediction> predictCsv(String body) {
		List<String[]> rows = new ArrayList<>();
		List<String> header;
		try (CsvReader csv = CsvReader.open(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
				"the request body", new CsvLimits(100_000, 1000, 1_000_000), null)) {
			header = csv.header();
			for (String[] row = csv.next(); row != null; row = csv.next()) {
				rows.add(row);
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		Frame frame = RawColumns.fromInputSchema(this.info.inputSchema()).fromCsv(header, rows, "the request body");
		return this.predictions.predict(this.info, frame, 1);
	}

	/** The records as a JSON request, one value replaced. */
	private static String json(List<Map<String, String>> records, int record, String field, String value) {
		StringBuilder json = new StringBuilder("{\"records\": [");
		for (int i = 0; i < records.size(); i++) {
			json.append((i > 0) ? ", {" : "{");
			int n = 0;
			for (Map.Entry<String, String> entry : records.get(i).entrySet()) {
				String v = (i == record && entry.getKey().equals(field)) ? value : entry.getValue();
				json.append((n++ > 0) ? ", " : "").append('"').append(entry.getKey()).append("\": ").append(v);
			}
			json.append('}');
		}
		return json.append("]}").toString();
	}

	/** The records as CSV text, one field replaced; JSON texts become CSV fields. */
	private static String csv(List<Map<String, String>> records, int record, String field, String value) {
		StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
		for (int i = 0; i < records.size(); i++) {
			List<String> fields = new ArrayList<>();
			for (String column : COLUMNS) {
				String v = (i == record && column.equals(field)) ? value : csvField(column, records.get(i).get(column));
				fields.add(v);
			}
			csv.append(String.join(",", fields)).append('\n');
		}
		return csv.toString();
	}

	private static String csvField(String column, String json) {
		String text = json.replace("\"", "");
		if ("Promo".equals(column) && (text.equals("true") || text.equals("false"))) {
			return text.equals("true") ? "1" : "0";
		}
		return text;
	}

	/**
	 * A value that does not fit its column.
	 *
	 * @param field the column
	 * @param value the value as JSON or CSV text
	 */
	record Defect(String field, String value) {

	}

	/** Runs operations on the fixture's model in the calling thread. */
	private static final class DirectInference implements Inference {

		private final TabularModel model;

		DirectInference(TabularModel model) {
			this.model = model;
		}

		@Override
		public ModelVersionInfo resolve(String model, Integer version) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ModelVersionInfo resolve(String model, Integer version, String kind) {
			throw new UnsupportedOperationException();
		}

		@Override
		public <M extends ServableModel, I, O> O run(String model, Integer version, Operation<M, I, O> operation,
				I input) {
			return runAll(model, version, operation, List.of(input)).get(0);
		}

		@Override
		@SuppressWarnings("unchecked")
		public <M extends ServableModel, I, O> List<O> runAll(String model, Integer version,
				Operation<M, I, O> operation, List<I> inputs) {
			try {
				return operation.apply((M) this.model, inputs);
			}
			catch (LanternException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
