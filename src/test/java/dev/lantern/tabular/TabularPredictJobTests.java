package dev.lantern.tabular;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.Datasets;
import dev.lantern.jobs.JobContext;
import dev.lantern.jobs.JobOutcome;
import dev.lantern.models.Inference;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.OpenInferenceAdapter;
import dev.lantern.models.Operation;
import dev.lantern.models.ServableModel;
import dev.lantern.support.JobContexts;
import dev.lantern.system.web.ProblemException;
import dev.lantern.training.TrainingCallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code tabular-predict} job and the Open Inference adapter, over a real small model
 * behind a fake inference runtime that records how rows were chunked.
 */
class TabularPredictJobTests {

	private final TabularTestModel fixture = TabularTestModel.get();

	@TempDir
	Path input;

	@TempDir
	Path output;

	private final List<Integer> chunkSizes = new ArrayList<>();

	private TabularPredictions predictions;

	private Datasets datasets;

	private ModelVersionInfo info;

	@BeforeEach
	@SuppressWarnings("unchecked")
	void setUp() {
		this.info = new ModelVersionInfo("sales", 2, "tabular", true, null, false,
				TabularTestModel.JSON.convertValue(this.fixture.schema.describe(), Map.class), List.of(), Map.of(),
				Instant.now());
		Inference inference = new Inference() {
			@Override
			public ModelVersionInfo resolve(String model, Integer version) {
				if (!"sales".equals(model)) {
					throw ProblemException.notFound("model", model);
				}
				return TabularPredictJobTests.this.info;
			}

			@Override
			public ModelVersionInfo resolve(String model, Integer version, String kind) {
				return resolve(model, version);
			}

			@Override
			public <M extends ServableModel, I, O> O run(String model, Integer version, Operation<M, I, O> operation,
					I input) {
				return runAll(model, version, operation, List.of(input)).get(0);
			}

			@Override
			public <M extends ServableModel, I, O> List<O> runAll(String model, Integer version,
					Operation<M, I, O> operation, List<I> inputs) {
				inputs.forEach((chunk) -> TabularPredictJobTests.this.chunkSizes.add(((Frame) chunk).rows()));
				try {
					return operation.apply((M) TabularPredictJobTests.this.fixture.model, inputs);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
		};
		this.predictions = new TabularPredictions(inference,
				new TabularProperties(List.of(8), List.of(0.0), 0.04, 1.2, 1, 1e-3, 0.2, 64, 14, 0.2, 1, 100_000, 500));
		this.datasets = new Datasets() {
			@Override
			public Dataset get(String id) {
				return new Dataset(id, id, "tabular", Instant.now(), Map.of());
			}

			@Override
			public Path directory(String id) {
				return TabularPredictJobTests.this.input;
			}

			@Override
			public Dataset create(String name, String kind, DatasetWriter writer) throws IOException {
				return new Dataset("out", name, kind, Instant.now(),
						writer.writeInto(TabularPredictJobTests.this.output));
			}
		};
	}

	@Test
	void predictsAStoredCsvIntoANewDatasetKeepingStoresTogether() throws Exception {
		Files.copy(this.fixture.data.resolve("train.csv"), this.input.resolve("rows.csv"));
		TabularPredictJob job = new TabularPredictJob(this.datasets, this.predictions,
				TabularTestModel.DATASET_PROPERTIES);
		JobOutcome outcome = job.run(new TabularPredictSpec("sales", null, "rows", null), context());
		assertThat(outcome.modelVersion()).isEqualTo(2);
		assertThat(outcome.details()).containsEntry("datasetId", "out").containsEntry("rows", this.fixture.raw.rows());
		List<String> lines = Files.readAllLines(this.output.resolve("predictions.csv"));
		assertThat(lines).hasSize(this.fixture.raw.rows() + 1);
		assertThat(lines.get(0))
			.isEqualTo("Store,DayOfWeek,Date,Sales,Customers,Open,Promo,StateHoliday,SchoolHoliday,prediction,unseen");
		// 20 stores x 120 days in chunks of at most 500 rows that never split a store.
		assertThat(this.chunkSizes).allSatisfy((size) -> assertThat(size % 120).isZero());
		assertThat(this.chunkSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(this.fixture.raw.rows());
		List<TabularPrediction> direct = this.fixture.model.predict(this.fixture.raw);
		String[] first = lines.get(1).split(",");
		assertThat(Double.parseDouble(first[9])).isEqualTo(direct.get(0).prediction());
	}

	@Test
	void aCsvWithABadValueFailsTheJobNamingRecordAndColumn() throws Exception {
		Files.writeString(this.input.resolve("rows.csv"),
				"Store,Date,Promo,StateHoliday,SchoolHoliday\n1,2015-03-02,1,0,0\n2,2015-13-02,1,0,0\n");
		TabularPredictJob job = new TabularPredictJob(this.datasets, this.predictions,
				TabularTestModel.DATASET_PROPERTIES);
		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> job.run(new TabularPredictSpec("sales", null, "rows", null), context()))
			.withMessageContaining("rows.csv, record 2, column 'Date'");
	}

	@Test
	void openInferenceTensorsPredictLikeRecords() {
		TabularOpenInferenceAdapter adapter = new TabularOpenInferenceAdapter(this.predictions);
		assertThat(adapter.inputs(this.info)).extracting(OpenInferenceAdapter.TensorSpec::name)
			.containsExactly("Store", "DayOfWeek", "Date", "Promo", "StateHoliday", "SchoolHoliday");
		List<OpenInferenceAdapter.Tensor> outputs = adapter.infer(this.info,
				List.of(new OpenInferenceAdapter.Tensor("Store", "FP32", List.of(2L), List.of(1, 4242)),
						new OpenInferenceAdapter.Tensor("Date", "BYTES", List.of(2L),
								List.of("2015-03-02", "2015-03-02")),
						new OpenInferenceAdapter.Tensor("Promo", "FP32", List.of(2L), List.of(1, 1)),
						new OpenInferenceAdapter.Tensor("StateHoliday", "BYTES", List.of(2L), List.of("0", "0")),
						new OpenInferenceAdapter.Tensor("SchoolHoliday", "FP32", List.of(2L), List.of(0, 0))));
		assertThat(outputs).singleElement().satisfies((tensor) -> {
			assertThat(tensor.name()).isEqualTo("prediction");
			assertThat(tensor.shape()).containsExactly(2L);
			assertThat(tensor.data()).hasSize(2).allSatisfy((value) -> assertThat((Double) value).isPositive());
		});
		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> adapter.infer(this.info,
					List.of(new OpenInferenceAdapter.Tensor("Shop", "FP32", List.of(1L), List.of(1)))))
			.withMessageContaining("'Shop'");
	}

	private static JobContext context() {
		return JobContexts.withCallback(TrainingCallback.NONE);
	}

}
