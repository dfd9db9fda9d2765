package dev.lantern.tabular;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.Datasets;
import dev.lantern.jobs.JobContext;
import dev.lantern.jobs.JobOutcome;
import dev.lantern.models.ModelPublisher;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.NewModelVersion;
import dev.lantern.models.store.ModelStore;
import dev.lantern.support.JobContexts;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.NotFoundException;
import dev.lantern.tabular.rossmann.RossmannSamples;
import dev.lantern.training.CancelFitException;
import dev.lantern.training.DeviceCapacity;
import dev.lantern.training.EpochMetrics;
import dev.lantern.training.FitPlan;
import dev.lantern.training.TrainingCallback;
import dev.lantern.training.TrainingDivergedException;
import dev.lantern.training.TrainingMemory;
import dev.lantern.training.TrainingProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code tabular-train} job from dataset to published version, with the queue and the
 * registry replaced by recording fakes.
 */
class TabularTrainJobTests {

	@TempDir
	Path data;

	@TempDir
	Path published;

	private final List<NewModelVersion> versions = new ArrayList<>();

	private final List<Object> events = new ArrayList<>();

	private TabularTrainJob job;

	/** The job on a device of the given memory. */
	private LongFunction<TabularTrainJob> withCapacity;

	private TabularArtifacts artifacts;

	@BeforeEach
	void setUp() throws IOException {
		RossmannSamples.write(this.data, 10, 100, 0.1, 9, LocalDate.of(2015, 1, 1));
		Datasets datasets = new Datasets() {
			@Override
			public Dataset get(String id) {
				if (!"d1".equals(id)) {
					throw new NotFoundException("dataset", id);
				}
				return new Dataset(id, "sample", "tabular", Instant.now(), Map.of());
			}

			@Override
			public Path directory(String id) {
				get(id);
				return TabularTrainJobTests.this.data;
			}

			@Override
			public Dataset create(String name, String kind, DatasetWriter writer) {
				throw new UnsupportedOperationException();
			}
		};
		ModelPublisher publisher = (version) -> {
			this.versions.add(version);
			for (Map.Entry<String, ModelStore.ArtifactWriter> file : version.files().entrySet()) {
				try (OutputStream out = Files.newOutputStream(this.published.resolve(file.getKey()))) {
					file.getValue().writeTo(out);
				}
			}
			return new ModelVersionInfo(version.name(), 1, version.kind(), true, version.jobId(), false,
					version.inputSchema(), version.labels(), version.metrics(), Instant.now());
		};
		TabularPresets presets = TabularTestModel.presets(TabularTestModel.DEFAULTS);
		this.artifacts = new TabularArtifacts(TabularTestModel.JSON, presets, TabularTestModel.DATASET_PROPERTIES);
		this.job = new TabularTrainJob(presets, datasets, publisher, this.artifacts, TabularTestModel.DEFAULTS,
				TabularTestModel.DATASET_PROPERTIES, new TrainingMemory(TrainingProperties.DEFAULTS));
		this.withCapacity = (bytes) -> new TabularTrainJob(presets, datasets, publisher, this.artifacts,
				TabularTestModel.DEFAULTS, TabularTestModel.DATASET_PROPERTIES,
				new TrainingMemory(TrainingProperties.DEFAULTS, (device) -> new DeviceCapacity(bytes, "a test limit")));
	}

	@Test
	void trainsOnARossmannDatasetAndPublishesALoadableVersion() throws Exception {
		JobOutcome outcome = this.job.run(spec("d1", 1), context(false));
		assertThat(outcome.modelName()).isEqualTo("sales");
		assertThat(outcome.modelVersion()).isEqualTo(1);
		NewModelVersion version = this.versions.get(0);
		assertThat(version.kind()).isEqualTo("tabular");
		assertThat(version.files()).containsOnlyKeys("model.zip", "procs.json", "schema.json", "store.csv",
				"store_states.csv", "training-curves.json", "training-losses.png", "training-metrics.png");
		assertThat(version.metrics()).containsKeys("train_loss", "valid_loss", "rmspe");
		assertThat(version.inputSchema()).containsEntry("preset", "rossmann").containsEntry("target", "Sales");
		assertThat(this.events).first().isInstanceOf(FitPlan.class);
		assertThat(this.events).filteredOn(EpochMetrics.class::isInstance).hasSize(1);
		assertThat(this.events).last().isEqualTo("afterFit");
		TabularModel model = this.artifacts.load(this.published);
		Map<String, Object> record = Map.of("Store", 3, "Date", "2015-03-02", "Promo", 1, "StateHoliday", "0",
				"SchoolHoliday", 0);
		Frame frame = RawColumns.fromInputSchema(version.inputSchema()).fromRecords(List.of(record));
		assertThat(model.predict(frame).get(0).prediction()).isPositive();
	}

	@Test
	@SuppressWarnings("unchecked")
	void trainsWithTheLessonsWeatherAndTrendsAndKeepsThemForPrediction() throws Exception {
		StringBuilder names = new StringBuilder("StateName,State\n");
		StringBuilder weather = new StringBuilder("file,Date,Max_TemperatureC,Mean_TemperatureC,Min_TemperatureC,"
				+ "Max_Humidity,Mean_Humidity,Min_Humidity,Max_Wind_SpeedKm_h,Mean_Wind_SpeedKm_h,CloudCover,Events\n");
		StringBuilder trends = new StringBuilder("file,week,trend\n");
		LocalDate first = LocalDate.of(2015, 1, 1);
		for (int s = 0; s < RossmannSamples.STATES.size(); s++) {
			String code = RossmannSamples.STATES.get(s);
			names.append("State").append(s).append(",\"").append(code).append("\"\n");
			for (int d = 0; d < 100; d++) {
				int t = (s + d) % 30;
				weather.append(String.join(",", "State" + s, first.plusDays(d).toString(), "" + t, "" + (t - 3),
						"" + (t - 6), "90", "70", "50", "20", "10", (d % 9 == 0) ? "" : "" + (d % 8),
						(d % 3 == 0) ? "Rain" : ""))
					.append('\n');
			}
			for (int w = -1; w < 16; w++) {
				LocalDate sunday = LocalDate.of(2014, 12, 28).plusWeeks(w);
				String file = "Rossmann_DE_" + ("HB,NI".equals(code) ? "NI" : code);
				trends.append(file + "," + sunday + " - " + sunday.plusDays(6) + "," + (40 + s + w) + "\n");
				if (s == 0) {
					trends.append("Rossmann_DE," + sunday + " - " + sunday.plusDays(6) + "," + (60 + w) + "\n");
				}
			}
		}
		Files.writeString(this.data.resolve("state_names.csv"), names);
		Files.writeString(this.data.resolve("weather.csv"), weather);
		Files.writeString(this.data.resolve("googletrend.csv"), trends);
		this.job.run(spec("d1", 1), context(false));
		NewModelVersion version = this.versions.get(0);
		assertThat(version.files()).containsOnlyKeys("model.zip", "procs.json", "schema.json", "store.csv",
				"store_states.csv", "state_names.csv", "weather.csv", "googletrend.csv", "training-curves.json",
				"training-losses.png", "training-metrics.png");
		assertThat((List<String>) version.inputSchema().get("continuous")).containsSubsequence("CompetitionDistance",
				"Max_TemperatureC", "CloudCover", "trend", "trend_DE", "AfterStateHoliday");
		assertThat((List<String>) version.inputSchema().get("categorical")).contains("Events");
		TabularModel model = this.artifacts.load(this.published);
		// The joined columns go through the procs: CloudCover has gaps, the others none.
		assertThat(model.procs().categorical()).extracting(TabularProcs.Categorical::name)
			.contains("Events", "CloudCover_na")
			.doesNotContain("Max_TemperatureC_na", "trend_na", "trend_DE_na");
		assertThat(model.procs()
			.categorical()
			.stream()
			.filter((column) -> column.name().equals("Events"))
			.findFirst()
			.orElseThrow()
			.classes()).containsExactly(TabularProcs.NA, "Rain");
		Map<String, Object> record = Map.of("Store", 3, "Date", "2015-03-02", "Promo", 1, "StateHoliday", "0",
				"SchoolHoliday", 0);
		Frame frame = RawColumns.fromInputSchema(version.inputSchema()).fromRecords(List.of(record));
		assertThat(model.predict(frame).get(0).prediction()).isPositive();
	}

	@Test
	void aFitWhoseLossIsNoLongerFiniteFailsWithTheEpochAndStepAndPublishesNothing() {
		TabularTrainSpec spec = new TabularTrainSpec("sales", "d1", null, null, null, null, null, null, null,
				List.of(16), List.of(0.01), null, null, 2, dev.lantern.training.LearningRate.of(10.0), 1.0, 16, null,
				14, null, null);
		// At a rate of 10, decoupled weight decay of 1 multiplies every weight by -9 per
		// step: the weights overflow within a few dozen steps.
		assertThatExceptionOfType(TrainingDivergedException.class).isThrownBy(() -> this.job.run(spec, context(false)))
			.withMessageMatching("Training diverged at epoch \\d+, step \\d+; try a lower learning rate .*");
		assertThat(this.versions).isEmpty();
		assertThat(this.events).doesNotContain("afterFit");
	}

	@Test
	void aNetworkOverTheMemoryBudgetIsRefusedAtSubmissionNamingTheLayersAndTheEstimate() {
		TabularTrainSpec spec = new TabularTrainSpec("sales", "d1", null, null, null, null, null, null, null,
				List.of(1000, 500), List.of(0.0, 0.0), null, null, 1, null, null, 64, null, 14, null, null);
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.withCapacity.apply(1_000_000).admit(spec))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.layers"))
			.satisfies((ex) -> assertThat((Long) ex.details().get("estimatedBytes")).isGreaterThan(800_000L))
			.withMessageContaining("bytes")
			.withMessageContaining("a test limit")
			.withMessageContaining("lantern.training.memory-fraction");
		this.job.admit(spec);
	}

	@Test
	void aBatchTooLargeForTheMemoryIsRefusedNamingTheBatchSize() {
		TabularTrainSpec spec = new TabularTrainSpec("sales", "d1", null, null, null, null, null, null, null,
				List.of(8), List.of(0.0), null, null, 1, null, null, 65536, null, 14, null, null);
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.withCapacity.apply(1_000_000).admit(spec))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.batchSize"));
	}

	@Test
	void theNetworkOfTheDatasColumnsIsCheckedBeforeItIsBuilt() {
		TabularTrainSpec spec = spec("d1", 1);
		long smallest = TabularNetwork.smallestFootprint(spec.settings(TabularTestModel.DEFAULTS, 1)).bytes();
		// Room for the smallest network the spec can give, not for the embeddings of the
		// data's columns.
		TabularTrainJob job = this.withCapacity.apply(2 * smallest);
		job.admit(spec);
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> job.run(spec, context(false)))
			.satisfies((ex) -> assertThat(ex.field()).isIn("spec.layers", "spec.batchSize"))
			.withMessageContaining("to train");
		assertThat(this.events).isEmpty();
		assertThat(this.versions).isEmpty();
	}

	@Test
	void aMissingDatasetIsRefusedAtSubmissionNamingTheField() {
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.job.admit(spec("nope", 1)))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.datasetId"))
			.withMessageContaining("'nope'");
		TabularTrainSpec store = new TabularTrainSpec("sales", "d1", null, "gone", null, null, null, null, null,
				List.of(16), List.of(0.01), null, null, 1, null, null, 256, null, 14, null, null);
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.job.admit(store))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.storeDatasetId"));
	}

	@Test
	void layersAndDropoutsOfDifferentLengthsAreRefusedAtSubmission() {
		TabularTrainSpec spec = new TabularTrainSpec("sales", "d1", null, null, null, null, null, null, null,
				List.of(16, 8), List.of(0.01), null, null, 1, null, null, 256, null, 14, null, null);
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.job.admit(spec))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.ps"));
	}

	@Test
	void aCancelledFitPublishesNothing() {
		assertThatExceptionOfType(CancelFitException.class)
			.isThrownBy(() -> this.job.run(spec("d1", 1), context(true)));
		assertThat(this.versions).isEmpty();
	}

	@Test
	void anUnknownDatasetIsNotFound() {
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.job.run(spec("nope", 1), context(false)))
			.withMessage("No dataset 'nope'");
	}

	@Test
	void anUnknownColumnIsRefusedNamingIt() {
		TabularTrainSpec spec = new TabularTrainSpec("sales", "d1", null, null, "rossmann", null, List.of("Nope"), null,
				null, List.of(8), List.of(0.0), null, null, 1, null, null, 256, null, 14, null, null);
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.job.run(spec, context(false)))
			.withMessageContaining("'Nope'")
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("categorical"));
	}

	@Test
	void anUnknownPresetIsRefusedNamingTheKnownOnes() {
		TabularTrainSpec spec = new TabularTrainSpec("sales", "d1", null, null, "walmart", null, null, null, null,
				List.of(8), List.of(0.0), null, null, 1, null, null, 256, null, 14, null, null);
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.job.run(spec, context(false)))
			.withMessage("Unknown tabular preset 'walmart'; known presets: none, rossmann")
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("preset"))
			.satisfies((ex) -> assertThat(ex.details()).containsEntry("knownPresets", List.of("none", "rossmann")));
		assertThat(this.versions).isEmpty();
	}

	@Test
	@SuppressWarnings("unchecked")
	void trainsOnAPlainCsvWithTheColumnsNamed() throws Exception {
		StringBuilder csv = new StringBuilder("shop,saleDate,size,price\n");
		java.util.SplittableRandom random = new java.util.SplittableRandom(1);
		for (int i = 0; i < 600; i++) {
			int shop = i % 5;
			double size = random.nextDouble(1, 10);
			csv.append("s")
				.append(shop)
				.append(',')
				.append(LocalDate.of(2020, 1, 1).plusDays(i / 5))
				.append(',')
				.append(size)
				.append(',')
				.append(Math.exp(2 + 0.1 * shop + 0.05 * size))
				.append('\n');
		}
		Files.writeString(this.data.resolve("prices.csv"), csv);
		TabularTrainSpec spec = new TabularTrainSpec("prices", "d1", "prices.csv", null, "none", "price",
				List.of("shop", "saleDayofweek"), List.of("size"), "saleDate", List.of(8), List.of(0.0), null, null, 1,
				null, null, 64, null, 10, null, null);
		JobOutcome outcome = this.job.run(spec, context(false));
		assertThat(outcome.modelName()).isEqualTo("prices");
		NewModelVersion version = this.versions.get(0);
		assertThat(version.files()).containsOnlyKeys("model.zip", "procs.json", "schema.json", "training-curves.json",
				"training-losses.png", "training-metrics.png");
		assertThat(version.inputSchema()).containsEntry("preset", "none").containsEntry("target", "price");
		assertThat((Map<String, Object>) version.inputSchema().get("columns")).containsOnlyKeys("shop", "size",
				"saleDate");
		TabularModel model = this.artifacts.load(this.published);
		Frame frame = RawColumns.fromInputSchema(version.inputSchema())
			.fromRecords(List.of(Map.of("shop", "s1", "saleDate", "2020-03-01", "size", 4.5)));
		assertThat(model.predict(frame).get(0).prediction()).isPositive();
	}

	private static TabularTrainSpec spec(String dataset, int epochs) {
		return new TabularTrainSpec("sales", dataset, null, null, null, null, null, null, null, List.of(16),
				List.of(0.01), null, null, epochs, dev.lantern.training.LearningRate.of(1e-2), null, 256, null, 14,
				null, null);
	}

	private JobContext context(boolean cancel) {
		List<Object> events = this.events;
		return JobContexts.withCallback(new TrainingCallback() {
			@Override
			public void beforeFit(FitPlan plan) {
				events.add(plan);
			}

			@Override
			public void afterBatch(int epoch, long step, double loss) {
				if (cancel && step == 2) {
					throw new CancelFitException("cancelled");
				}
			}

			@Override
			public void afterEpoch(EpochMetrics metrics) {
				events.add(metrics);
			}

			@Override
			public void afterFit() {
				events.add("afterFit");
			}
		});
	}

}
