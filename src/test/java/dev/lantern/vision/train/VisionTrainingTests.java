package dev.lantern.vision.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.training.CancelFitException;
import dev.lantern.training.EpochMetrics;
import dev.lantern.training.FitPlan;
import dev.lantern.training.TrainingCallback;
import dev.lantern.vision.SingleThreadedNd4j;
import dev.lantern.vision.augment.TransformSettings;
import dev.lantern.vision.dataset.ImageManifest;
import dev.lantern.vision.dataset.PetsSampleRequest;
import dev.lantern.vision.dataset.SyntheticPets;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.HeadOptions;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Trains the small CNN on the generated pets, without Spring.
 */
@ExtendWith(SingleThreadedNd4j.class)
class VisionTrainingTests {

	@TempDir
	static Path dataset;

	static ImageManifest manifest;

	@BeforeAll
	static void generate() throws Exception {
		SyntheticPets.generate(dataset, new PetsSampleRequest("pets", 3, 40, 64, 0.25, 11L));
		manifest = ImageManifest.read(dataset);
	}

	static VisionTrainSpec spec(int frozenEpochs, int unfrozenEpochs) {
		return new VisionTrainSpec("pets", "pets", "simple-cnn", PretrainedChoice.NONE, false, 32, 16, frozenEpochs,
				dev.lantern.training.LearningRate.of(1e-2), unfrozenEpochs, 2e-3,
				dev.lantern.training.LearningRate.of(1e-2), 0.3, 1e-2, TransformSettings.FASTAI, 1L, null);
	}

	static VisionNet network(VisionTrainSpec spec) {
		return new VisionNets(new NetsProperties(null)).create(new NetSpec(Architecture.SIMPLE_CNN,
				manifest.labels().size(), spec.imageSize(), 16, HeadOptions.fastai(), spec.seed()), false);
	}

	@Test
	void generatedPetsTrainToNinetyPercentValidationAccuracy() {
		VisionTrainSpec spec = spec(1, 5);
		List<String> events = new ArrayList<>();
		List<EpochMetrics> epochs = new ArrayList<>();
		TrainingCallback callback = new TrainingCallback() {
			@Override
			public void beforeFit(FitPlan plan) {
				events.add("beforeFit " + plan.epochs() + "x" + plan.stepsPerEpoch());
			}

			@Override
			public void afterEpoch(EpochMetrics metrics) {
				epochs.add(metrics);
			}

			@Override
			public void afterFit() {
				events.add("afterFit");
			}
		};
		long start = System.nanoTime();
		TrainingResult result = new VisionTrainer(2, 4, 10_000_000).train(network(spec), dataset, manifest, spec,
				callback);
		System.out.printf("Trained simple-cnn on %d images in %.1f s; per epoch: %s%n",
				manifest.split(ImageManifest.Split.TRAIN).size(), (System.nanoTime() - start) / 1e9, epochs);
		// 90 training images, batch 16, last partial batch dropped: 5 steps per epoch.
		assertThat(events).containsExactly("beforeFit 6x5", "afterFit");
		assertThat(epochs).hasSize(6).allSatisfy((e) -> assertThat(e.metrics()).containsKey("error_rate"));
		assertThat(epochs.get(5).validLoss()).isLessThan(epochs.get(0).validLoss());
		assertThat(result.interpretation().images()).isEqualTo(30);
		assertThat(1 - result.interpretation().errorRate()).as("validation accuracy").isGreaterThanOrEqualTo(0.9);
	}

	@Test
	void theResizeStageContinuesTheSameNetworkOnLargerImages() {
		VisionTrainSpec small = spec(1, 1);
		VisionTrainSpec spec = new VisionTrainSpec(small.datasetId(), small.modelName(), small.architecture(),
				small.pretrained(), small.bnFinal(), small.imageSize(), small.batchSize(), small.frozenEpochs(),
				small.frozenLr(), small.unfrozenEpochs(), small.unfrozenLrMin(), small.unfrozenLrMax(),
				small.pctStart(), small.weightDecay(), small.transforms(), small.seed(), small.width(),
				new ResizeStage(48, 2, 8, 1e-4, 2e-3, null));
		VisionNet net = network(spec);
		List<EpochMetrics> epochs = new ArrayList<>();
		List<String> plans = new ArrayList<>();
		List<Long> batchesOfTheLastEpoch = new ArrayList<>();
		TrainingCallback callback = new TrainingCallback() {
			@Override
			public void beforeFit(FitPlan plan) {
				plans.add(plan.epochs() + " epochs");
			}

			@Override
			public void afterBatch(int epoch, long step, double loss) {
				if (epoch == 3) {
					batchesOfTheLastEpoch.add(step);
				}
			}

			@Override
			public void afterEpoch(EpochMetrics metrics) {
				epochs.add(metrics);
			}
		};
		TrainingResult result = new VisionTrainer(2, 4, 10_000_000).train(net, dataset, manifest, spec, callback);

		assertThat(plans).containsExactly("4 epochs");
		assertThat(epochs).extracting(EpochMetrics::epoch).containsExactly(0, 1, 2, 3);
		// 90 training images at batch 8 in the resize stage: 11 steps per epoch.
		assertThat(batchesOfTheLastEpoch).hasSize(11);
		assertThat(result.interpretation().images()).isEqualTo(30);
		assertThat(result.graph().outputSingle(org.nd4j.linalg.factory.Nd4j.rand(1, 3, 48, 48)).shape())
			.containsExactly(1, manifest.labels().size());
		assertThat(spec.finalImageSize()).isEqualTo(48);
		assertThat(new ResizeStage(null, null, null, null, null, null)).isEqualTo(ResizeStage.LESSON)
			.satisfies((lesson) -> {
				assertThat(lesson.imageSize()).isEqualTo(352);
				assertThat(lesson.epochs()).isEqualTo(2);
				assertThat(lesson.lrMin()).isEqualTo(1e-6);
				assertThat(lesson.lrMax()).isEqualTo(1e-4);
			});
	}

	@Test
	void aCallbackCancelsTheFit() {
		VisionTrainSpec spec = spec(1, 1);
		List<Long> steps = new ArrayList<>();
		TrainingCallback cancelling = new TrainingCallback() {
			@Override
			public void afterBatch(int epoch, long step, double loss) {
				steps.add(step);
				if (step == 6) {
					throw new CancelFitException("cancelled");
				}
			}
		};
		assertThatExceptionOfType(CancelFitException.class).isThrownBy(
				() -> new VisionTrainer(1, 2, 10_000_000).train(network(spec), dataset, manifest, spec, cancelling));
		// Steps count from the start of the fit: epoch 1 begins at step 5.
		assertThat(steps).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
	}

}
