package dev.lantern.vision.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.system.backend.onednn.OneDnnHelpers;
import dev.lantern.training.EpochMetrics;
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

/**
 * A small ResNet-18 (base width 8) with fastai's head trains on the generated pets
 * through the same freeze, fit, unfreeze, fit-with-discriminative-rates schedule as the
 * lesson.
 */
@ExtendWith(SingleThreadedNd4j.class)
class ResNetTrainingTests {

	@TempDir
	static Path dataset;

	static ImageManifest manifest;

	@BeforeAll
	static void generate() throws Exception {
		OneDnnHelpers.configure(true);
		SyntheticPets.generate(dataset, new PetsSampleRequest("pets", 3, 40, 64, 0.25, 11L));
		manifest = ImageManifest.read(dataset);
	}

	@Test
	void smallResNetTrainsToNinetyPercentValidationAccuracy() {
		VisionTrainSpec spec = new VisionTrainSpec("pets", "pets", "resnet18", PretrainedChoice.NONE, false, 64, 16, 0,
				dev.lantern.training.LearningRate.of(1e-2), 12, 5e-3, dev.lantern.training.LearningRate.of(2e-2), 0.3,
				1e-2, TransformSettings.FASTAI, 1L, 8);
		VisionNet network = new VisionNets(new NetsProperties(null))
			.create(new NetSpec(Architecture.RESNET18, manifest.labels().size(), spec.imageSize(), spec.width(),
					HeadOptions.fastai().withBnFinal(spec.bnFinal()), spec.seed()), spec.pretrained().enabled());
		assertThat(network.pretrained()).isFalse();
		List<EpochMetrics> epochs = new ArrayList<>();
		long start = System.nanoTime();
		TrainingResult result = new VisionTrainer(2, 4, 10_000_000).train(network, dataset, manifest, spec,
				new TrainingCallback() {
					@Override
					public void afterEpoch(EpochMetrics metrics) {
						epochs.add(metrics);
					}
				});
		System.out.printf("Trained resnet18 (width 8) on %d images in %.1f s; per epoch: %s%n",
				manifest.split(ImageManifest.Split.TRAIN).size(), (System.nanoTime() - start) / 1e9, epochs);
		assertThat(epochs).hasSize(12);
		assertThat(1 - result.interpretation().errorRate()).as("validation accuracy").isGreaterThanOrEqualTo(0.9);
	}

}
