package dev.lantern.vision.weights;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.HeadOptions;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;

import static org.assertj.core.api.Assertions.assertThat;
import dev.lantern.support.TorchPython;

/**
 * The equivalence check at full size (issue 14, item 6): torchvision's own resnet18,
 * resnet34 and resnet50 (random initialization, BatchNorm statistics from training
 * batches), saved by {@code torch.save} ({@code torchvision_full_size.py}), loaded into
 * Lantern's bodies give PyTorch's pooled features and linear-head logits within 1e-4.
 * Needs Debian's python3-torch; skipped without it.
 * <p>
 * {@code ./mvnw -Pbenchmark test -Dtest=TorchvisionFullSizeBenchmark}
 * ({@code -Dlantern.benchmark.fullsize.size=128}).
 */
class TorchvisionFullSizeBenchmark {

	private static final double TOLERANCE = 1e-4;

	private final int size = Integer.getInteger("lantern.benchmark.fullsize.size", 128);

	@Test
	void fullSizeTorchvisionResNetsGivePyTorchsOutputs(@TempDir Path directory) throws Exception {
		String unavailable = TorchPython.unavailable("torch", "torchvision");
		Assumptions.assumeTrue(unavailable == null, unavailable);
		Process script = new ProcessBuilder(TorchPython.path(),
				"src/test/resources/benchmarks/torchvision_full_size.py", directory.toString(),
				String.valueOf(this.size))
			.inheritIO()
			.start();
		assertThat(script.waitFor(20, TimeUnit.MINUTES)).isTrue();
		assertThat(script.exitValue()).isZero();
		VisionNets nets = new VisionNets(new NetsProperties(null));
		for (Architecture architecture : List.of(Architecture.RESNET18, Architecture.RESNET34, Architecture.RESNET50)) {
			String name = architecture.id();
			StateDict weights = WeightsFixtures.files().read(directory.resolve(name + ".pth"), name + ".pth");
			StateDict io = WeightsFixtures.files().read(directory.resolve(name + "-io.safetensors"), name);
			MappedWeights mapped = TorchvisionResNetMapping.map(weights, ResNetLayout.of(name, 64));
			VisionNet net = nets.create(new NetSpec(architecture, 2, this.size, 64, HeadOptions.fastai(), 1),
					(graph) -> mapped.applyTo(graph, VisionNets::isBody));
			INDArray input = WeightsFixtures.array(io.get("input"));
			long start = System.nanoTime();
			INDArray pooled = net.graph()
				.output(List.of(VisionNet.HEAD_PREFIX + "avgpool"), false, new INDArray[] { input }, null)[0];
			double seconds = (System.nanoTime() - start) / 1e9;
			INDArray logits = pooled.mmul(WeightsFixtures.array(weights.get("fc.weight")).transpose())
				.addRowVector(WeightsFixtures.array(weights.get("fc.bias")));
			double featureDifference = pooled.sub(WeightsFixtures.array(io.get("features"))).amaxNumber().doubleValue();
			double logitDifference = logits.sub(WeightsFixtures.array(io.get("logits"))).amaxNumber().doubleValue();
			System.out.printf(
					"full-size %s at %d px: %,d body parameters mapped, features max |diff| %.3g, logits "
							+ "max |diff| %.3g (forward of 2 images %.2f s)%n",
					name, this.size, mapped.parameters(), featureDifference, logitDifference, seconds);
			assertThat(featureDifference).isLessThanOrEqualTo(TOLERANCE);
			assertThat(logitDifference).isLessThanOrEqualTo(TOLERANCE);
		}
	}

}
