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

	/** The width-4 torchvision ResNet-18: 20 convolutions and 20 BatchNorm layers. */
	private static final Fixture BASIC = new Fixture(Architecture.RESNET18, 4, 40, "basic-io.safetensors");

	/** The width-2 torchvision ResNet-50: 53 convolutions and 53 BatchNorm layers. */
	private static final Fixture BOTTLENECK = new Fixture(Architecture.RESNET50, 2, 106, "bottleneck-io.safetensors");

	private static StateDict io;

	private static StateDict bottleneckIo;

	@BeforeAll
	static void readPyTorchsInputAndOutputs() throws IOException {
		io = WeightsFixtures.read(BASIC.io());
		bottleneckIo = WeightsFixtures.read(BOTTLENECK.io());
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
			VisionNet net = BOTTLENECK.netWith(weights, size);
			INDArray input = WeightsFixtures.array(bottleneckIo.get("input" + suffix));
			Differences differences = compare(net.graph(), weights, input, bottleneckIo, "features" + suffix,
					"logits" + suffix);
			double servedDifference = maxDifference(pooledFeatures(NETS.fusedForInference(net), input),
					bottleneckIo.get("features" + suffix));
			System.out.printf(
					"equivalence %-24s %d x %d input: features max |diff| %.3g, logits %.3g, fused serving body %.3g%n",
					file, size, size, differences.features(), differences.logits(), servedDifference);
			differences.assertWithinTolerance();
			assertThat(servedDifference).isLessThanOrEqualTo(TOLERANCE);
		}
	}

	@Test
	void randomResNet50WeightsDoNotMatch() {
		BOTTLENECK.assertRandomWeightsDoNotMatch(bottleneckIo);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "basic.pth, features, logits", "basic.safetensors, features, logits",
			"basic-f16.pth, features_f16, logits_f16", "basic-bf16.safetensors, features_bf16, logits_bf16" })
	void lanternsResNet18BodyGivesPyTorchsFeaturesAndLogits(String file, String features, String logits)
			throws IOException {
		StateDict weights = WeightsFixtures.read(file);
		VisionNet net = BASIC.netWith(weights, 32);
		INDArray input = WeightsFixtures.array(io.get("input"));

		Differences differences = compare(net.graph(), weights, input, io, features, logits);
		System.out.printf("equivalence %-24s features max |diff| %.3g, logits max |diff| %.3g%n", file,
				differences.features(), differences.logits());
		if (!features.equals("features")) {
			Differences widened = compare(net.graph(), weights, input, io, "features", "logits");
			System.out.printf("equivalence %-24s against the float32 weights' outputs: features %.3g, logits %.3g%n",
					file, widened.features(), widened.logits());
		}
		differences.assertWithinTolerance();
	}

	@Test
	void theChannelsLastServingBodyGivesTheSameOutputs() throws IOException {
		StateDict weights = WeightsFixtures.read("basic.pth");
		VisionNet net = BASIC.netWith(weights, 32);
		ComputationGraph fused = NETS.fusedForInference(net);
		INDArray pooled = pooledFeatures(fused, WeightsFixtures.array(io.get("input")));
		double difference = maxDifference(pooled, io.get("features"));
		System.out.printf("equivalence %-24s fused serving body: features max |diff| %.3g%n", "basic.pth", difference);
		assertThat(difference).isLessThanOrEqualTo(TOLERANCE);
	}

	@Test
	void oddSizedInputsMatchToo() throws IOException {
		StateDict weights = WeightsFixtures.read("basic.pth");
		VisionNet net = BASIC.netWith(weights, 36);
		Differences differences = compare(net.graph(), weights, WeightsFixtures.array(io.get("input36")), io,
				"features36", "logits36");
		System.out.printf("equivalence %-24s 36 x 36 input: features %.3g, logits %.3g%n", "basic.pth",
				differences.features(), differences.logits());
		differences.assertWithinTolerance();
	}

	@Test
	void randomWeightsDoNotMatch() {
		BASIC.assertRandomWeightsDoNotMatch(io);
	}

	/**
	 * The body's pooled features and the file's linear head on them, against PyTorch's
	 * outputs of the same input.
	 */
	private static Differences compare(ComputationGraph graph, StateDict weights, INDArray input, StateDict outputs,
			String features, String logits) {
		INDArray pooled = pooledFeatures(graph, input);
		return new Differences(maxDifference(pooled, outputs.get(features)),
				maxDifference(linearHead(weights, pooled), outputs.get(logits)));
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

	/** The largest differences of the pooled features and of the logits. */
	private record Differences(double features, double logits) {

		void assertWithinTolerance() {
			assertThat(this.features).isLessThanOrEqualTo(TOLERANCE);
			assertThat(this.logits).isLessThanOrEqualTo(TOLERANCE);
		}

	}

	/**
	 * A PyTorch network of the fixtures: its architecture and base width, how many of
	 * Lantern's layers its weights fill, and the file of its inputs and outputs.
	 */
	private record Fixture(Architecture architecture, int width, int mappedLayers, String io) {

		NetSpec spec(int imageSize) {
			return new NetSpec(this.architecture, 2, imageSize, this.width, HeadOptions.fastai(), 7);
		}

		/** Lantern's network with the file's converted weights in its body. */
		VisionNet netWith(StateDict weights, int imageSize) {
			ResNetLayout layout = ResNetLayout.infer(TorchvisionResNetMapping.torchvisionNames(weights));
			assertThat(layout.describe()).isEqualTo(this.architecture.id() + " at base width " + this.width);
			MappedWeights mapped = TorchvisionResNetMapping.map(weights, layout);
			VisionNet net = NETS.create(spec(imageSize), false);
			assertThat(mapped.applyTo(net.graph(), BODY)).isEqualTo(this.mappedLayers);
			return net;
		}

		void assertRandomWeightsDoNotMatch(StateDict outputs) {
			VisionNet net = NETS.create(spec(32), false);
			INDArray pooled = pooledFeatures(net.graph(), WeightsFixtures.array(outputs.get("input")));
			assertThat(maxDifference(pooled, outputs.get("features"))).isGreaterThan(100 * TOLERANCE);
		}

	}

}
