package dev.lantern.vision.train;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.Datasets;
import dev.lantern.jobs.JobOutcome;
import dev.lantern.models.ModelPublisher;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.NewModelVersion;
import dev.lantern.support.JobContexts;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.training.LearningRate;
import dev.lantern.training.DeviceCapacity;
import dev.lantern.training.TrainingCallback;
import dev.lantern.training.TrainingMemory;
import dev.lantern.training.TrainingProperties;
import dev.lantern.vision.SingleThreadedNd4j;
import dev.lantern.vision.VisionProperties;
import dev.lantern.vision.augment.TransformSettings;
import dev.lantern.vision.dataset.PetsSampleRequest;
import dev.lantern.vision.dataset.SyntheticPets;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNets;
import dev.lantern.vision.weights.PretrainedWeightsStore;
import dev.lantern.vision.weights.WeightsFiles;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The {@code vision-lr-find} job (frozen and unfrozen) and {@code "auto"} rates in
 * {@code vision-train}, on a tiny synthetic pets dataset and a small CNN.
 */
@ExtendWith(SingleThreadedNd4j.class)
class VisionLrFindTests {

	private static final VisionProperties PROPERTIES = new VisionProperties(10, DataSize.ofMegabytes(1),
			DataSize.ofMegabytes(1), 1_000_000, 2, 2, 8);

	@TempDir
	Path data;

	private final Datasets datasets = mock(Datasets.class);

	private final ModelPublisher publisher = mock(ModelPublisher.class);

	private final Map<String, JobContexts.Attached> attached = new LinkedHashMap<>();

	private final VisionLrFindJob finder = new VisionLrFindJob(this.datasets, new VisionNets(new NetsProperties(null)),
			new BodyWeights(mock(PretrainedWeightsStore.class), mock(WeightsFiles.class), new NetsProperties(null)),
			PROPERTIES, new TrainingMemory(TrainingProperties.DEFAULTS));

	@BeforeEach
	void dataset() throws Exception {
		SyntheticPets.generate(this.data, new PetsSampleRequest("p", 2, 12, 48, 0.25, 3L));
		given(this.datasets.get("d1")).willReturn(new Dataset("d1", "p", "images", Instant.now(), Map.of()));
		given(this.datasets.directory("d1")).willReturn(this.data);
	}

	@Test
	void sweepsTheFrozenAndTheUnfrozenNetworkAndKeepsEachPlot() throws Exception {
		JobOutcome frozen = this.finder.run(spec(null, 1e-5, 20),
				JobContexts.withCallback(TrainingCallback.NONE, this.attached));
		assertThat(frozen.details()).containsEntry("stage", "frozen");
		assertThat((int) frozen.details().get("steps")).isBetween(2, 20);
		assertThat((List<?>) frozen.details().get("lrs")).hasSize((int) frozen.details().get("steps"));
		JobOutcome unfrozen = this.finder.run(spec("unfrozen", 1e-5, 20),
				JobContexts.withCallback(TrainingCallback.NONE, this.attached));
		assertThat(unfrozen.details()).containsEntry("stage", "unfrozen");
		assertThat(this.attached).containsOnlyKeys("lr-find-frozen.png", "lr-find-frozen.json", "lr-find-unfrozen.png",
				"lr-find-unfrozen.json");
		BufferedImage plot = ImageIO
			.read(new ByteArrayInputStream(this.attached.get("lr-find-unfrozen.png").content()));
		assertThat(plot.getHeight()).isEqualTo(500);
	}

	@Test
	void anUnfrozenSweepFitsTheHeadFrozenFirstAsTheLessonDoes() throws Exception {
		List<String> events = new java.util.ArrayList<>();
		TrainingCallback recorder = new TrainingCallback() {
			@Override
			public void beforeEpoch(int epoch) {
				events.add("epoch " + epoch);
			}

			@Override
			public void afterEpoch(dev.lantern.training.EpochMetrics metrics) {
				events.add("validated " + metrics.epoch());
			}
		};
		JobOutcome outcome = this.finder.run(spec("unfrozen", 2, 3e-3),
				JobContexts.withCallback(recorder, this.attached));
		assertThat(outcome.details()).containsEntry("frozenEpochs", 2).containsEntry("frozenLr", 3e-3);
		assertThat((List<?>) outcome.details().get("history")).hasSize(2);
		// Two validated frozen epochs, then the sweep as the third.
		assertThat(events).containsExactly("epoch 0", "validated 0", "epoch 1", "validated 1", "epoch 2");
		assertThat(this.attached).containsOnlyKeys("lr-find-unfrozen.png", "lr-find-unfrozen.json");
	}

	@Test
	void anUnfrozenSweepFitsVisionTrainsFrozenEpochsByDefaultAndNoneWhenAskedOrFrozen() {
		assertThat(spec("unfrozen", null, null).asTrainSpec().frozenEpochs()).isEqualTo(3);
		assertThat(spec("unfrozen", null, null).asTrainSpec().frozenLr().orElse(0)).isEqualTo(1e-2);
		assertThat(spec("unfrozen", 0, null).asTrainSpec().frozenEpochs()).isZero();
		assertThat(spec(null, null, null).asTrainSpec().frozenEpochs()).isZero();
		assertThat(spec("frozen", 0, null).asTrainSpec().frozenEpochs()).isZero();
	}

	@Test
	void aFrozenSweepThatAsksForAFrozenFitIsRefusedNamingTheField() {
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.finder.admit(spec("frozen", 2, null)))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.frozenEpochs"));
	}

	@Test
	void aSweepWithNoFrozenFitRunsOnTheNetworkAsBuilt() throws Exception {
		JobOutcome outcome = this.finder.run(spec("unfrozen", 0, null),
				JobContexts.withCallback(TrainingCallback.NONE, this.attached));
		assertThat(outcome.details()).containsEntry("frozenEpochs", 0).doesNotContainKeys("frozenLr", "history");
	}

	@Test
	void aSweepOverTheMemoryBudgetIsRefusedAtSubmissionAndWhenItStarts() {
		VisionLrFindJob small = new VisionLrFindJob(this.datasets, new VisionNets(new NetsProperties(null)),
				new BodyWeights(mock(PretrainedWeightsStore.class), mock(WeightsFiles.class), new NetsProperties(null)),
				PROPERTIES, new TrainingMemory(TrainingProperties.DEFAULTS,
						(device) -> new DeviceCapacity(1_000_000, "a test limit")));
		VisionLrFindSpec spec = spec(null, 1e-5, 20);
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> small.admit(spec))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.batchSize"))
			.satisfies((ex) -> assertThat((Long) ex.details().get("estimatedBytes")).isGreaterThan(800_000L))
			.withMessageContaining("lantern.training.memory-fraction");
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> small.run(spec, JobContexts.withCallback(TrainingCallback.NONE, this.attached)))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.batchSize"));
		assertThat(this.attached).isEmpty();
		this.finder.admit(spec);
	}

	@Test
	void aSweepOnATabularDatasetIsRefusedAtSubmission() {
		given(this.datasets.get("t1")).willReturn(new Dataset("t1", "t", "tabular", Instant.now(), Map.of()));
		VisionLrFindSpec spec = new VisionLrFindSpec("t1", "simple-cnn", PretrainedChoice.NONE, false, 32, 8, null,
				TransformSettings.FASTAI, 1L, null, null, null, null, null, null, null, null);
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.finder.admit(spec))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.datasetId"))
			.withMessageContaining("vision-lr-find");
	}

	@Test
	void refusesBoundsNamingTheField() {
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.finder.admit(spec(null, 0.0, 20)))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.startLr"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.finder.admit(spec(null, 1e-5, 1001)))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.iterations"));
	}

	@Test
	void autoRatesTrainEachStageAtItsValleyAndKeepThePlots() throws Exception {
		AtomicReference<NewModelVersion> captured = new AtomicReference<>();
		given(this.publisher.publish(any())).willAnswer((call) -> {
			NewModelVersion version = call.getArgument(0);
			captured.set(version);
			return new ModelVersionInfo(version.name(), 1, version.kind(), true, version.jobId(), false,
					version.inputSchema(), version.labels(), version.metrics(), Instant.now());
		});
		VisionTrainJob job = new VisionTrainJob(this.datasets, this.publisher, new VisionNets(new NetsProperties(null)),
				new BodyWeights(mock(PretrainedWeightsStore.class), mock(WeightsFiles.class), new NetsProperties(null)),
				PROPERTIES, new TrainingMemory(TrainingProperties.DEFAULTS));
		VisionTrainSpec spec = new VisionTrainSpec("d1", "pets", "simple-cnn", PretrainedChoice.NONE, false, 32, 8, 1,
				LearningRate.AUTO, 1, 1e-6, LearningRate.AUTO, 0.3, 1e-2, TransformSettings.FASTAI, 1L, null);

		JobOutcome outcome = job.run(spec, JobContexts.withCallback(TrainingCallback.NONE, this.attached));

		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> sweeps = (Map<String, Map<String, Object>>) outcome.details().get("lrFind");
		assertThat(sweeps).containsOnlyKeys("frozen", "unfrozen");
		@SuppressWarnings("unchecked")
		Map<String, Double> rates = (Map<String, Double>) outcome.details().get("learningRates");
		for (String stage : List.of("frozen", "unfrozen")) {
			@SuppressWarnings("unchecked")
			Double valley = ((Map<String, Double>) sweeps.get(stage).get("suggestions")).get("valley");
			if (valley != null) {
				assertThat(rates.get(stage.equals("frozen") ? "frozenLr" : "unfrozenLrMax")).isEqualTo(valley);
			}
		}
		assertThat(captured.get().metrics()).containsKeys("frozen_lr", "unfrozen_lr_max");
		assertThat(captured.get().files()).containsKeys("lr-find-frozen.png", "lr-find-unfrozen.json",
				"training-curves.json", "training-losses.png", "training-metrics.png");
		assertThat(this.attached).containsKeys("lr-find-frozen.png", "lr-find-unfrozen.png", "training-losses.png");
	}

	private static VisionLrFindSpec spec(String stage, Integer frozenEpochs, Double frozenLr) {
		return new VisionLrFindSpec("d1", "simple-cnn", PretrainedChoice.NONE, false, 32, 8, null,
				TransformSettings.FASTAI, 1L, null, stage, frozenEpochs, frozenLr, 1e-5, 10.0, 12, true);
	}

	private static VisionLrFindSpec spec(String stage, double startLr, int iterations) {
		return new VisionLrFindSpec("d1", "simple-cnn", PretrainedChoice.NONE, false, 32, 8, null,
				TransformSettings.FASTAI, 1L, null, stage, null, null, startLr, 10.0, iterations, true);
	}

}
