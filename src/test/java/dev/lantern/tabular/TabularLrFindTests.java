package dev.lantern.tabular;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.Datasets;
import dev.lantern.jobs.JobOutcome;
import dev.lantern.models.ModelPublisher;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.NewModelVersion;
import dev.lantern.support.JobContexts;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.NotFoundException;
import dev.lantern.tabular.rossmann.RossmannSamples;
import dev.lantern.training.CancelFitException;
import dev.lantern.training.LearningRate;
import dev.lantern.training.DeviceCapacity;
import dev.lantern.training.TrainingCallback;
import dev.lantern.training.TrainingMemory;
import dev.lantern.training.TrainingProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code tabular-lr-find} job, {@code learningRate: "auto"} and the training curves,
 * on a small generated Rossmann sample with the registry replaced by a recording fake.
 */
class TabularLrFindTests {

	@TempDir
	Path data;

	private final List<NewModelVersion> versions = new ArrayList<>();

	private final Map<String, JobContexts.Attached> attached = new LinkedHashMap<>();

	private TabularLrFindJob finder;

	/** The finder on a device of the given memory. */
	private java.util.function.LongFunction<TabularLrFindJob> withCapacity;

	private TabularTrainJob trainer;

	@BeforeEach
	void setUp() throws IOException {
		RossmannSamples.write(this.data, 10, 100, 0.1, 9, LocalDate.of(2015, 1, 1));
		Path directory = this.data;
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
				return directory;
			}

			@Override
			public Dataset create(String name, String kind, DatasetWriter writer) {
				throw new UnsupportedOperationException();
			}
		};
		ModelPublisher publisher = (version) -> {
			this.versions.add(version);
			return new ModelVersionInfo(version.name(), 1, version.kind(), true, version.jobId(), false,
					version.inputSchema(), version.labels(), version.metrics(), Instant.now());
		};
		TabularPresets presets = TabularTestModel.presets(TabularTestModel.DEFAULTS);
		TabularArtifacts artifacts = new TabularArtifacts(TabularTestModel.JSON, presets,
				TabularTestModel.DATASET_PROPERTIES);
		this.finder = new TabularLrFindJob(presets, datasets, artifacts, TabularTestModel.DEFAULTS,
				TabularTestModel.DATASET_PROPERTIES, new TrainingMemory(TrainingProperties.DEFAULTS));
		this.withCapacity = (bytes) -> new TabularLrFindJob(presets, datasets, artifacts, TabularTestModel.DEFAULTS,
				TabularTestModel.DATASET_PROPERTIES,
				new TrainingMemory(TrainingProperties.DEFAULTS, (device) -> new DeviceCapacity(bytes, "a test limit")));
		this.trainer = new TabularTrainJob(presets, datasets, publisher, artifacts, TabularTestModel.DEFAULTS,
				TabularTestModel.DATASET_PROPERTIES, new TrainingMemory(TrainingProperties.DEFAULTS));
	}

	@Test
	void aFinderJobKeepsItsSeriesAndPlotAndPublishesNothing() throws Exception {
		JobOutcome outcome = this.finder.run(finderSpec(1e-7, 10.0, 60),
				JobContexts.withCallback(TrainingCallback.NONE, this.attached));
		assertThat(this.versions).isEmpty();
		assertThat(outcome.modelName()).isNull();
		Map<String, Object> details = outcome.details();
		assertThat((List<?>) details.get("lrs")).hasSize((int) details.get("steps"));
		assertThat((List<?>) details.get("smoothedLosses")).hasSize((int) details.get("steps"));
		@SuppressWarnings("unchecked")
		Map<String, Double> suggestions = (Map<String, Double>) details.get("suggestions");
		assertThat(suggestions).containsOnlyKeys("valley", "steep", "minimum");
		assertThat(suggestions.get("valley")).isBetween(1e-7, 10.0);
		assertThat(this.attached).containsOnlyKeys("lr-find.png", "lr-find.json");
		BufferedImage plot = ImageIO.read(new ByteArrayInputStream(this.attached.get("lr-find.png").content()));
		assertThat(plot.getWidth()).isEqualTo(800);
		JsonNode json = TabularTestModel.JSON.readTree(this.attached.get("lr-find.json").content());
		assertThat(json.get("suggestions").get("valley").asDouble()).isEqualTo(suggestions.get("valley"));
	}

	@Test
	void aFinderThatStopsEarlyStillGivesItsSeriesAndAPlotWithANote() throws Exception {
		// Decoupled weight decay of 0.5 at rates of 5 to 10 multiplies the weights by 1.5
		// to
		// 4 in size at every step (1 - 0.5 lr), so the sweep cannot finish.
		JobOutcome outcome = this.finder.run(finderSpec(5.0, 10.0, 100, 0.5),
				JobContexts.withCallback(TrainingCallback.NONE, this.attached));
		assertThat(outcome.details().get("stopped")).isIn("diverged", "non-finite");
		int steps = (int) outcome.details().get("steps");
		assertThat(steps).isLessThan(100);
		assertThat((List<?>) outcome.details().get("lrs")).hasSize(steps);
		assertThat((String) outcome.details().get("note")).containsAnyOf("diverged", "NaN or infinite")
			.contains("after " + steps + " of 100 steps");
		assertThat(this.attached).containsKeys("lr-find.png", "lr-find.json");
	}

	@Test
	void aCancelledFinderStops() {
		TrainingCallback cancel = new TrainingCallback() {
			@Override
			public void beforeBatch(int epoch, long step) {
				if (step == 5) {
					throw new CancelFitException("cancelled");
				}
			}
		};
		assertThatExceptionOfType(CancelFitException.class)
			.isThrownBy(() -> this.finder.run(finderSpec(1e-7, 10.0, 100), JobContexts.withCallback(cancel)));
		assertThat(this.attached).isEmpty();
	}

	@Test
	void refusesRatesAndIterationsOutOfBoundsNamingTheField() {
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.finder.admit(finderSpec(1e-3, 1e-4, 100)))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.startLr"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.finder.admit(finderSpec(Double.NaN, 1.0, 100)))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.startLr"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.finder.admit(finderSpec(1e-7, Double.POSITIVE_INFINITY, 100)))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.endLr"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.finder.admit(finderSpec(1e-7, 10.0, 9)))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.iterations"));
	}

	@Test
	void aFinderOverTheMemoryBudgetIsRefusedAtSubmissionNamingTheField() {
		TabularLrFindSpec layers = new TabularLrFindSpec("d1", null, null, null, null, null, null, null,
				List.of(1000, 500), List.of(0.0, 0.0), null, null, null, 64, null, 14, null, null, null, null, null,
				null);
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.withCapacity.apply(1_000_000).admit(layers))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.layers"))
			.satisfies((ex) -> assertThat((Long) ex.details().get("estimatedBytes")).isGreaterThan(800_000L))
			.withMessageContaining("lantern.training.memory-fraction");
		TabularLrFindSpec batch = new TabularLrFindSpec("d1", null, null, null, null, null, null, null, List.of(8),
				List.of(0.0), null, null, null, 65536, null, 14, null, null, null, null, null, null);
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.withCapacity.apply(1_000_000).admit(batch))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.batchSize"));
		this.finder.admit(layers);
		this.finder.admit(batch);
	}

	@Test
	void aFinderOnADatasetThatDoesNotExistIsRefusedAtSubmission() {
		TabularLrFindSpec spec = new TabularLrFindSpec("no-such", null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, 14, null, null, null, null, null, null);
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.finder.admit(spec))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.datasetId"));
	}

	@Test
	void theFindersNetworkOfTheDatasColumnsIsCheckedOnItsDeviceBeforeItIsBuilt() {
		TabularLrFindSpec spec = finderSpec(1e-7, 10.0, 20);
		long smallest = TabularNetwork.smallestFootprint(spec.asTrainSpec().settings(TabularTestModel.DEFAULTS, 1))
			.bytes();
		// Room for the smallest network the spec can give, not for the embeddings of the
		// data's columns.
		TabularLrFindJob job = this.withCapacity.apply(2 * smallest);
		job.admit(spec);
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> job.run(spec, JobContexts.withCallback(TrainingCallback.NONE, this.attached)))
			.satisfies((ex) -> assertThat(ex.field()).isIn("spec.layers", "spec.batchSize"))
			.withMessageContaining("to train");
		assertThat(this.attached).isEmpty();
	}

	@Test
	void autoTrainsAtTheValleySuggestionAndKeepsThePlotAndCurves() throws Exception {
		JobOutcome outcome = this.trainer.run(trainSpec(LearningRate.AUTO),
				JobContexts.withCallback(TrainingCallback.NONE, this.attached));
		@SuppressWarnings("unchecked")
		Map<String, Object> lrFind = (Map<String, Object>) outcome.details().get("lrFind");
		@SuppressWarnings("unchecked")
		double valley = ((Map<String, Double>) lrFind.get("suggestions")).get("valley");
		assertThat(outcome.details().get("learningRate")).isEqualTo(valley);
		NewModelVersion version = this.versions.get(0);
		assertThat(version.metrics()).containsEntry("learning_rate", valley);
		assertThat(version.files()).containsKeys("lr-find.png", "lr-find.json", "training-curves.json",
				"training-losses.png", "training-metrics.png");
		assertThat(this.attached).containsOnlyKeys("lr-find.png", "lr-find.json", "training-curves.json",
				"training-losses.png", "training-metrics.png");
	}

	@Test
	void everyTrainingKeepsItsCurvesPerBatchAndPerEpoch() throws Exception {
		JobOutcome outcome = this.trainer.run(trainSpec(LearningRate.of(1e-2)),
				JobContexts.withCallback(TrainingCallback.NONE, this.attached));
		assertThat(outcome.details().get("learningRate")).isEqualTo(1e-2);
		assertThat(outcome.details()).doesNotContainKey("lrFind");
		assertThat(this.attached).containsOnlyKeys("training-curves.json", "training-losses.png",
				"training-metrics.png");
		JsonNode curves = TabularTestModel.JSON.readTree(this.attached.get("training-curves.json").content());
		assertThat(curves.get("epochs")).hasSize(2);
		assertThat(curves.get("epochs").get(1).get("metrics").get("rmspe").asDouble()).isPositive();
		int batches = curves.get("batches").get("steps").size();
		assertThat(batches).isEqualTo(curves.get("epochs").get(1).get("step").asInt());
		assertThat(curves.get("batches").get("losses").get(0).asDouble()).isPositive();
	}

	private static TabularLrFindSpec finderSpec(double startLr, double endLr, int iterations) {
		return finderSpec(startLr, endLr, iterations, null);
	}

	private static TabularLrFindSpec finderSpec(double startLr, double endLr, int iterations, Double weightDecay) {
		return new TabularLrFindSpec("d1", null, null, null, null, null, null, null, List.of(16), List.of(0.01), null,
				null, weightDecay, 64, null, 14, null, null, startLr, endLr, iterations, true);
	}

	private static TabularTrainSpec trainSpec(LearningRate rate) {
		return new TabularTrainSpec("sales", "d1", null, null, null, null, null, null, null, List.of(16), List.of(0.01),
				null, null, 2, rate, null, 256, null, 14, null, null);
	}

}
