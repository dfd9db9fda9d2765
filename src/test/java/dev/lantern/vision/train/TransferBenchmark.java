package dev.lantern.vision.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lantern.training.LearningRate;
import dev.lantern.training.TrainingCallback;
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
import dev.lantern.vision.weights.MappedWeights;
import dev.lantern.vision.weights.ResNetLayout;
import dev.lantern.vision.weights.StateDict;
import dev.lantern.vision.weights.TorchvisionResNetMapping;
import dev.lantern.vision.weights.WeightsFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import dev.lantern.support.TorchPython;

/**
 * The proof of transfer (issue 14, item 7): a body trained in PyTorch on one generated
 * image task ({@code transfer_pretrain.py}: four kinds of shapes), saved with
 * {@code torch.save}, read and mapped by Lantern, then fine-tuned with lesson 6's two
 * stages (frozen body with one cycle at {@code slice(1e-2)}, then unfrozen at
 * {@code slice(1e-5, 1e-3)}) on a different small generated task (Lantern's synthetic
 * pets, few training images), against the same recipe and budget from random weights.
 * Prints both held-out accuracies per seed. Needs Debian's python3-torch
 * ({@code /usr/bin/python3}); skipped without it.
 * <p>
 * {@code ./mvnw -Pbenchmark test -Dtest=TransferBenchmark}; settings
 * {@code -Dlantern.benchmark.transfer.seeds=3}, {@code .width=16}, {@code .size=64},
 * {@code .perClass=12}.
 */
class TransferBenchmark {

	private static final Path SCRIPT = Path.of("src/test/resources/benchmarks/transfer_pretrain.py");

	private final int seeds = Integer.getInteger("lantern.benchmark.transfer.seeds", 3);

	private final int width = Integer.getInteger("lantern.benchmark.transfer.width", 16);

	private final int size = Integer.getInteger("lantern.benchmark.transfer.size", 64);

	private final int perClass = Integer.getInteger("lantern.benchmark.transfer.perClass", 12);

	@Test
	void aBodyPretrainedInPyTorchFineTunesBetterThanRandomWeights(@TempDir Path directory) throws Exception {
		String unavailable = TorchPython.unavailable("torch", "torchvision");
		Assumptions.assumeTrue(unavailable == null, unavailable);
		Path checkpoint = directory.resolve("shapes-resnet18.pth");
		long start = System.nanoTime();
		Process pretraining = new ProcessBuilder(TorchPython.path(), SCRIPT.toString(), "--out", checkpoint.toString(),
				"--width", String.valueOf(this.width), "--size", String.valueOf(this.size))
			.inheritIO()
			.start();
		assertThat(pretraining.waitFor(30, TimeUnit.MINUTES)).isTrue();
		assertThat(pretraining.exitValue()).isZero();
		System.out.printf("transfer: PyTorch pretraining took %.0f s%n", (System.nanoTime() - start) / 1e9);

		StateDict state = WeightsFixtures.files().read(checkpoint, "shapes-resnet18.pth");
		MappedWeights mapped = TorchvisionResNetMapping.map(state, ResNetLayout.of("resnet18", this.width));
		VisionNets nets = new VisionNets(new NetsProperties(null));
		List<double[]> results = new ArrayList<>();
		for (int seed = 1; seed <= this.seeds; seed++) {
			Path dataset = Files.createDirectories(directory.resolve("pets-" + seed));
			SyntheticPets.generate(dataset,
					new PetsSampleRequest("pets", 3, this.perClass * 2, this.size, 0.5, 100L + seed));
			ImageManifest manifest = ImageManifest.read(dataset);
			VisionTrainSpec spec = new VisionTrainSpec("pets", "pets", "resnet18", PretrainedChoice.DEFAULT, false,
					this.size, 8, 3, LearningRate.of(1e-2), 4, 1e-5, LearningRate.of(1e-3), 0.8, 1e-2,
					TransformSettings.FASTAI, (long) seed, this.width);
			NetSpec netSpec = new NetSpec(Architecture.RESNET18, manifest.labels().size(), this.size, this.width,
					HeadOptions.fastai(), seed);
			double pretrained = accuracy(nets.create(netSpec, (graph) -> mapped.applyTo(graph, VisionNets::isBody)),
					dataset, manifest, spec);
			double random = accuracy(nets.create(netSpec, false), dataset, manifest, spec);
			System.out.printf("transfer: seed %d, %d training images: pretrained body %.3f, random weights %.3f%n",
					seed, manifest.split(ImageManifest.Split.TRAIN).size(), pretrained, random);
			results.add(new double[] { pretrained, random });
		}
		double pretrainedMean = results.stream().mapToDouble((r) -> r[0]).average().orElseThrow();
		double randomMean = results.stream().mapToDouble((r) -> r[1]).average().orElseThrow();
		System.out.printf("transfer: mean held-out accuracy over %d seeds: pretrained body %.3f, random weights "
				+ "%.3f (3 classes, majority %.3f)%n", this.seeds, pretrainedMean, randomMean, 1 / 3.0);
		assertThat(pretrainedMean).isGreaterThan(0.0);
	}

	private static double accuracy(VisionNet net, Path dataset, ImageManifest manifest, VisionTrainSpec spec) {
		TrainingResult result = new VisionTrainer(2, 4, 10_000_000).train(net, dataset, manifest, spec,
				TrainingCallback.NONE);
		return 1 - result.interpretation().errorRate();
	}

}
