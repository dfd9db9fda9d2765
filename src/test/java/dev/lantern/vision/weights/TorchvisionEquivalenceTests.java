package dev.lantern.vision.weights;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.HeadOptions;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof that converted weights are PyTorch's network: a width-4 torchvision ResNet-18
 * with random weights and BatchNorm statistics from training batches, saved by real
 * PyTorch 1.13 ({@code make_fixtures.py}), loaded into Lantern's ResNet-18 body (built
 * with {@code vision.nets}' public API) gives PyTorch's eval-mode outputs: the body's
 * pooled features and a linear head's logits (the file's {@code fc} applied to them).
 * <p>
 * Tolerance 1e-4 for every format: the float16 and bfloat16 files are compared with
 * PyTorch's outputs for the same rounded weights (widened to float32 and run in float32),
 * and widening float16 or bfloat16 to float32 is exact, so only float32 arithmetic
 * differs, as for the float32 files.
 */
class TorchvisionEquivalenceTests {

	private static final double TOLERANCE = 1e-4;

	private static final Predicate<String> BODY = (name) -> !name.startsWith(VisionNet.HEAD_PREFIX);

	private static final VisionNets NETS = new VisionNets(new NetsProperties(null));

	private static StateDict io;

	private static StateDict bottleneckIo;

	@BeforeAll
	static void readPyTorchsInputAndOutputs() throws IOException {
		io = WeightsFixtures.read("basic-io.safetensors");
		bottleneckIo = WeightsFixtures.read("bottleneck-io.safetensors");
	}

	/**
	 * torchvision's ResNet-50 (Bottleneck v1.5, the stride on the 3x3) at base width 2:
	 * Lantern's {@code resnet50} body on the converted weights gives PyTorch's outputs,
	 * from both file formats, in the training body and the channels-last serving body, at
	 * 32 and 36 pixels.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({ "bottleneck.pth", "bottleneck.safetensors" })
	void lanternsResNet50BodyGivesPyTorchsFeaturesAndLogits(String file) throws IOException {
		StateDict weights = WeightsFixtures.read(file);
		for (int size : new int[] { 32, 36 }) {
			String suffix = (size == 32) ? "" : "36";
			VisionNet net = bottleneckNetWith(weights, size);
			INDArray input = WeightsFixtures.array(bottleneckIo.get("input" + suffix));
			INDArray pooled = pooledFeatures(net.graph(), input);
			double featureDifference = maxDifference(pooled, bottleneckIo.get("features" + suffix));
			double logitDifference = maxDifference(linearHead(weights, pooled), bottleneckIo.get("logits" + suffix));
			INDArray served = pooledFeatures(NETS.fusedForInference(net), input);
			double servedDifference = maxDifference(served, bottleneckIo.get("features" + suffix));
			System.out.printf(
					"equivalence %-24s %d x %d input: features max |diff| %.3g, logits %.3g, fused serving body %.3g%n",
					file, size, size, featureDifference, logitDifference, servedDifference);
			assertThat(featureDifference).isLessThanOrEqualTo(TOLERANCE);
			assertThat(logitDifference).isLessThanOrEqualTo(TOLERANCE);
			assertThat(servedDifference).isLessThanOrEqualTo(TOLERANCE);
		}
	}

	@Test
	void randomResNet50WeightsDoNotMatch() throws IOException {
		VisionNet net = NETS.create(new NetSpec(Architecture.RESNET50, 2, 32, 2, HeadOptions.fastai(), 7), false);
		INDArray pooled = pooledFeatures(net.graph(), WeightsFixtures.array(bottleneckIo.get("input")));
		assertThat(maxDifference(pooled, bottleneckIo.get("features"))).isGreaterThan(100 * TOLERANCE);
	}

	private static VisionNet bottleneckNetWith(StateDict weights, int imageSize) {
		ResNetLayout layout = ResNetLayout.infer(TorchvisionResNetMapping.torchvisionNames(weights));
		assertThat(layout.describe()).isEqualTo("resnet50 at base width 2");
		MappedWeights mapped = TorchvisionResNetMapping.map(weights, layout);
		VisionNet net = NETS.create(new NetSpec(Architecture.RESNET50, 2, imageSize, 2, HeadOptions.fastai(), 7),
				false);
		// 53 convolutions and 53 BatchNorm layers.
		assertThat(mapped.applyTo(net.graph(), BODY)).isEqualTo(106);
		return net;
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "basic.pth, features, logits", "basic.safetensors, features, logits",
			"basic-f16.pth, features_f16, logits_f16", "basic-bf16.safetensors, features_bf16, logits_bf16" })
	void lanternsResNet18BodyGivesPyTorchsFeaturesAndLogits(String file, String features, String logits)
			throws IOException {
		StateDict weights = WeightsFixtures.read(file);
		VisionNet net = netWith(weights, 32);
		INDArray input = WeightsFixtures.array(io.get("input"));

		INDArray pooled = pooledFeatures(net.graph(), input);
		double featureDifference = maxDifference(pooled, io.get(features));
		double logitDifference = maxDifference(linearHead(weights, pooled), io.get(logits));
		System.out.printf("equivalence %-24s features max |diff| %.3g, logits max |diff| %.3g%n", file,
				featureDifference, logitDifference);
		if (!features.equals("features")) {
			System.out.printf("equivalence %-24s against the float32 weights' outputs: features %.3g, logits %.3g%n",
					file, maxDifference(pooled, io.get("features")),
					maxDifference(linearHead(weights, pooled), io.get("logits")));
		}
		assertThat(featureDifference).isLessThanOrEqualTo(TOLERANCE);
		assertThat(logitDifference).isLessThanOrEqualTo(TOLERANCE);
	}

	@Test
	void theChannelsLastServingBodyGivesTheSameOutputs() throws IOException {
		StateDict weights = WeightsFixtures.read("basic.pth");
		VisionNet net = netWith(weights, 32);
		ComputationGraph fused = NETS.fusedForInference(net);
		INDArray pooled = pooledFeatures(fused, WeightsFixtures.array(io.get("input")));
		double difference = maxDifference(pooled, io.get("features"));
		System.out.printf("equivalence %-24s fused serving body: features max |diff| %.3g%n", "basic.pth", difference);
		assertThat(difference).isLessThanOrEqualTo(TOLERANCE);
	}

	@Test
	void oddSizedInputsMatchToo() throws IOException {
		StateDict weights = WeightsFixtures.read("basic.pth");
		VisionNet net = netWith(weights, 36);
		INDArray pooled = pooledFeatures(net.graph(), WeightsFixtures.array(io.get("input36")));
		double featureDifference = maxDifference(pooled, io.get("features36"));
		double logitDifference = maxDifference(linearHead(weights, pooled), io.get("logits36"));
		System.out.printf("equivalence %-24s 36 x 36 input: features %.3g, logits %.3g%n", "basic.pth",
				featureDifference, logitDifference);
		assertThat(featureDifference).isLessThanOrEqualTo(TOLERANCE);
		assertThat(logitDifference).isLessThanOrEqualTo(TOLERANCE);
	}

	@Test
	void randomWeightsDoNotMatch() throws IOException {
		VisionNet net = NETS.create(new NetSpec(Architecture.RESNET18, 2, 32, 4, HeadOptions.fastai(), 7), false);
		INDArray pooled = pooledFeatures(net.graph(), WeightsFixtures.array(io.get("input")));
		assertThat(maxDifference(pooled, io.get("features"))).isGreaterThan(100 * TOLERANCE);
	}

	private static VisionNet netWith(StateDict weights, int imageSize) {
		ResNetLayout layout = ResNetLayout.infer(TorchvisionResNetMapping.torchvisionNames(weights));
		assertThat(layout.describe()).isEqualTo("resnet18 at base width 4");
		MappedWeights mapped = TorchvisionResNetMapping.map(weights, layout);
		VisionNet net = NETS.create(new NetSpec(Architecture.RESNET18, 2, imageSize, 4, HeadOptions.fastai(), 7),
				false);
		assertThat(mapped.applyTo(net.graph(), BODY)).isEqualTo(40);
		return net;
	}

	/** The head's average pooling: torchvision's {@code flatten(avgpool(body(x)))}. */
	private static INDArray pooledFeatures(ComputationGraph graph, INDArray input) {
		return graph.output(List.of(VisionNet.HEAD_PREFIX + "avgpool"), false, new INDArray[] { input }, null)[0];
	}

	/** torchvision's {@code fc}: {@code features W^T + b}. */
	private static INDArray linearHead(StateDict weights, INDArray features) {
		INDArray weight = WeightsFixtures.array(weights.get("fc.weight"));
		INDArray bias = WeightsFixtures.array(weights.get("fc.bias"));
		return features.mmul(weight.transpose()).addRowVector(bias);
	}

	private static double maxDifference(INDArray actual, Tensor expected) {
		INDArray reference = WeightsFixtures.array(expected);
		assertThat(actual.shape()).isEqualTo(reference.shape());
		return actual.sub(reference).amaxNumber().doubleValue();
	}

}
