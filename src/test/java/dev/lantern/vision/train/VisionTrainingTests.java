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
		return new VisionTrainSpec("pets", "pets", "simple-cnn", false, false, 32, 16, frozenEpochs, 1e-2,
				unfrozenEpochs, 2e-3, 1e-2, 0.3, 1e-2, TransformSettings.FASTAI, 1L);
	}

	static VisionNetwork network(VisionTrainSpec spec) {
		return new SimpleCnn().create(new VisionNetworkFactory.NetworkSpec(manifest.labels().size(), spec.imageSize(),
				false, false, spec.weightDecay(), spec.seed()));
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
				if (step == 1) {
					throw new CancelFitException("cancelled");
				}
			}
		};
		assertThatExceptionOfType(CancelFitException.class).isThrownBy(
				() -> new VisionTrainer(1, 2, 10_000_000).train(network(spec), dataset, manifest, spec, cancelling));
		assertThat(steps).containsExactly(0L, 1L);
	}

	@Test
	void oneCycleWarmsUpToThePeakThenAnnealsFarBelowTheStart() {
		OneCycle cycle = new OneCycle(1e-2, 0.25, OneCycle.DIV_FACTOR);
		assertThat(cycle.at(0, 100)).isCloseTo(1e-2 / 25, org.assertj.core.api.Assertions.within(1e-12));
		assertThat(cycle.at(25, 100)).isCloseTo(1e-2, org.assertj.core.api.Assertions.within(1e-12));
		assertThat(cycle.at(100, 100)).isCloseTo(1e-2 / 25e4, org.assertj.core.api.Assertions.within(1e-12));
		assertThat(cycle.at(10, 100)).isBetween(cycle.at(5, 100), 1e-2);
		assertThat(LayerGroupRates.slice(1e-6, 1e-3, 3, false)).containsExactly(1e-6,
				LayerGroupRates.slice(1e-6, 1e-3, 3, false)[1], 1e-3);
		assertThat(LayerGroupRates.slice(1e-6, 1e-3, 3, false)[1]).isCloseTo(Math.sqrt(1e-9),
				org.assertj.core.api.Assertions.within(1e-12));
	}

}
