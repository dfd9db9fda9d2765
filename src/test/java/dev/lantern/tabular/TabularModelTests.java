package dev.lantern.tabular;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trained tabular model saved and loaded, and the preprocessing at prediction compared
 * with the one at training.
 */
class TabularModelTests {

	private final TabularTestModel fixture = TabularTestModel.get();

	@TempDir
	Path version;

	@Test
	void predictionsSurviveSaveAndLoadExactly() throws Exception {
		TabularModel loaded = this.fixture.artifacts.load(this.fixture.writeVersion(this.version));
		List<TabularPrediction> before = this.fixture.model.predict(this.fixture.raw);
		List<TabularPrediction> after = loaded.predict(this.fixture.raw);
		assertThat(after).hasSameSizeAs(before);
		for (int i = 0; i < before.size(); i++) {
			assertThat(after.get(i).prediction()).isEqualTo(before.get(i).prediction());
		}
		assertThat(loaded.procs()).isEqualTo(this.fixture.result.procs());
		assertThat(loaded.schema()).isEqualTo(this.fixture.schema);
	}

	/**
	 * The files and the {@code schema.json} of a Rossmann version as they were stored
	 * before presets became beans: the same names, keys and preset name load and predict
	 * the same.
	 */
	@Test
	void aVersionStoredBeforePresetsBecameBeansStillLoads() throws Exception {
		this.fixture.writeVersion(this.version);
		String stored = """
				{"preset": "rossmann", "target": "Sales",
				 "rawColumns": {"Store": "NUMBER", "DayOfWeek": "NUMBER", "Date": "DATE", "Promo": "NUMBER",
				                "StateHoliday": "TEXT", "SchoolHoliday": "NUMBER"},
				 "optionalColumns": ["DayOfWeek"],
				 "requiredValues": ["Store", "Date", "Promo", "StateHoliday", "SchoolHoliday"],
				 "dateColumn": "Date",
				 "categorical": ["Store", "DayOfWeek", "Year", "Month", "Day", "StateHoliday", "CompetitionMonthsOpen",
				                 "Promo2Weeks", "StoreType", "Assortment", "PromoInterval", "CompetitionOpenSinceYear",
				                 "Promo2SinceYear", "State", "Week", "Promo_fw", "Promo_bw", "StateHoliday_fw",
				                 "StateHoliday_bw", "SchoolHoliday_fw", "SchoolHoliday_bw"],
				 "continuous": ["CompetitionDistance", "AfterStateHoliday", "BeforeStateHoliday", "Promo", "SchoolHoliday"],
				 "yMax": %s}"""
			.formatted(Double.toString(this.fixture.schema.yMax()));
		assertThat(
				TabularTestModel.JSON.readTree(Files.readString(this.version.resolve("schema.json"))).propertyNames())
			.containsExactlyInAnyOrderElementsOf(TabularTestModel.JSON.readTree(stored).propertyNames());
		Files.writeString(this.version.resolve("schema.json"), stored);
		try (Stream<Path> files = Files.list(this.version)) {
			assertThat(files.map((file) -> file.getFileName().toString())).containsExactlyInAnyOrder("model.zip",
					"procs.json", "schema.json", "store.csv", "store_states.csv");
		}
		TabularModel loaded = this.fixture.artifacts.load(this.version);
		assertThat(loaded.schema()).isEqualTo(this.fixture.schema);
		List<TabularPrediction> before = this.fixture.model.predict(this.fixture.raw);
		List<TabularPrediction> after = loaded.predict(this.fixture.raw);
		for (int i = 0; i < before.size(); i++) {
			assertThat(after.get(i).prediction()).isEqualTo(before.get(i).prediction());
		}
	}

	@Test
	void preprocessingOfJsonRecordsEqualsPreprocessingAtTraining() {
		RawColumns columns = RawColumns.fromInputSchema(this.fixture.schema.describe());
		Frame fromRecords = columns.fromRecords(records(this.fixture.raw));
		TabularProcs.Encoded atPrediction = this.fixture.model.encode(fromRecords);
		TabularProcs.Encoded atTraining = this.fixture.result.procs().apply(this.fixture.features);
		assertThat(atPrediction.rows()).isEqualTo(atTraining.rows());
		assertThat(atPrediction.codes()).isDeepEqualTo(atTraining.codes());
		assertThat(atPrediction.continuous()).isDeepEqualTo(atTraining.continuous());
	}

	@Test
	void anUnseenStoreIsPredictedWithTheNaEmbeddingAndFlagged() {
		Map<String, Object> record = new LinkedHashMap<>();
		record.put("Store", 9999);
		record.put("Date", "2015-05-04");
		record.put("Promo", 1);
		record.put("StateHoliday", "0");
		record.put("SchoolHoliday", 0);
		Frame frame = RawColumns.fromInputSchema(this.fixture.schema.describe()).fromRecords(List.of(record));
		TabularPrediction prediction = this.fixture.model.predict(frame).get(0);
		assertThat(prediction.unseen()).contains("Store");
		assertThat(prediction.prediction()).isPositive().isFinite();
		TabularProcs.Encoded encoded = this.fixture.model.encode(frame);
		int store = this.fixture.result.procs()
			.categorical()
			.stream()
			.map(TabularProcs.Categorical::name)
			.toList()
			.indexOf("Store");
		assertThat(encoded.codes()[store][0]).isZero();
	}

	@Test
	void rowsLikeTheTrainingRowsAreNotFlagged() {
		List<TabularPrediction> predictions = this.fixture.model.predict(this.fixture.raw);
		for (int row : this.fixture.split.train()) {
			assertThat(predictions.get(row).unseen()).isEmpty();
		}
	}

	@Test
	void valuesFirstSeenInTheValidationPeriodAreFlagged() {
		List<TabularPrediction> predictions = this.fixture.model.predict(this.fixture.raw);
		int row = this.fixture.split.valid()[0];
		assertThat(predictions.get(row).unseen()).contains("Week");
	}

	@Test
	void summaryListsEveryLayerWithItsParametersAndTheEmbeddingSizes() {
		TabularSummary summary = TabularSummary.of(this.fixture.model);
		assertThat(summary.layers().stream().mapToLong(TabularSummary.LayerSummary::parameters).sum())
			.isEqualTo(summary.totalParameters())
			.isEqualTo(this.fixture.result.graph().numParams());
		TabularSummary.EmbeddingSummary store = summary.embeddings()
			.stream()
			.filter((embedding) -> embedding.column().equals("Store"))
			.findFirst()
			.orElseThrow();
		assertThat(store.classes()).isEqualTo(21);
		assertThat(store.size()).isEqualTo(TabularNetwork.embeddingSize(21)).isEqualTo(9);
		TabularSummary.LayerSummary storeLayer = summary.layers()
			.stream()
			.filter((layer) -> layer.name().equals("emb_Store"))
			.findFirst()
			.orElseThrow();
		assertThat(storeLayer.parameters()).isEqualTo(21 * 9);
		assertThat(storeLayer.outputShape()).containsExactly(-1L, 9L);
		assertThat(summary.layers().get(summary.layers().size() - 1).outputShape()).containsExactly(-1L, 1L);
	}

	@Test
	void embeddingSizesFollowFastaisRule() {
		assertThat(TabularNetwork.embeddingSize(2)).isEqualTo(2);
		assertThat(TabularNetwork.embeddingSize(8)).isEqualTo(5);
		assertThat(TabularNetwork.embeddingSize(1116)).isEqualTo(81);
		assertThat(TabularNetwork.embeddingSize(1_000_000)).isEqualTo(600);
	}

	static List<Map<String, Object>> records(Frame raw) {
		List<Map<String, Object>> records = new ArrayList<>();
		double[] store = raw.numbers("Store");
		double[] dayOfWeek = raw.numbers("DayOfWeek");
		double[] date = raw.numbers("Date");
		double[] promo = raw.numbers("Promo");
		String[] holiday = raw.texts("StateHoliday");
		double[] school = raw.numbers("SchoolHoliday");
		for (int i = 0; i < raw.rows(); i++) {
			Map<String, Object> record = new LinkedHashMap<>();
			record.put("Store", (int) store[i]);
			record.put("DayOfWeek", (int) dayOfWeek[i]);
			record.put("Date", LocalDate.ofEpochDay((long) date[i]).toString());
			record.put("Promo", (int) promo[i]);
			record.put("StateHoliday", holiday[i]);
			record.put("SchoolHoliday", (int) school[i]);
			records.add(record);
		}
		return records;
	}

}
