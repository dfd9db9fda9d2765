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
				1e-2, unfrozenEpochs, 2e-3, 1e-2, 0.3, 1e-2, TransformSettings.FASTAI, 1L, null);
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
