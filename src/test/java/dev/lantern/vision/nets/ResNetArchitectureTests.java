package dev.lantern.vision.nets;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.system.backend.onednn.OneDnnHelpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class ResNetArchitectureTests {

	private final VisionNets nets = new VisionNets(new NetsProperties(null));

	@BeforeAll
	static void oneDnn() {
		OneDnnHelpers.configure(true);
	}

	@Test
	void resnet18BodyHasTorchvisionsParameterCount() {
		// torchvision resnet18: 11,689,512 parameters, of which fc holds 512 * 1000 +
		// 1000.
		assertThat(torchvisionStyleBodyParameters(Architecture.RESNET18)).isEqualTo(11_689_512L - 513_000L);
	}

	@Test
	void resnet34BodyHasTorchvisionsParameterCount() {
		// torchvision resnet34: 21,797,672 parameters, of which fc holds 512 * 1000 +
		// 1000.
		assertThat(torchvisionStyleBodyParameters(Architecture.RESNET34)).isEqualTo(21_797_672L - 513_000L);
	}

	@Test
	void resnet50BodyHasTorchvisionsParameterCount() {
		// torchvision.models.resnet50(): 25,557,032 parameters, of which fc (2048 x 1000
		// +
		// 1000) is the head.
		assertThat(torchvisionStyleBodyParameters(Architecture.RESNET50)).isEqualTo(25_557_032L - 2_049_000L);
	}

	@Test
	void resnet50IsBuiltOfBottlenecksStridingOnTheThreeByThree() {
		VisionNet net = this.nets.create(NetSpec.of(Architecture.RESNET50, 3, 64).withBaseWidth(4));
		ComputationGraph graph = net.graph();

		assertThat(net.bodyOutput()).isEqualTo("layer4.2.relu");
		assertThat(graph.getLayer("layer2.0.conv1").getParam("W").shape()).containsExactly(8, 16, 1, 1);
		assertThat(((ConvolutionLayer) graph.getLayer("layer2.0.conv1").conf().getLayer()).getStride())
			.containsExactly(1, 1);
		assertThat(((ConvolutionLayer) graph.getLayer("layer2.0.conv2").conf().getLayer()).getStride())
			.containsExactly(2, 2);
		assertThat(graph.getLayer("layer2.0.conv3").getParam("W").shape()).containsExactly(32, 8, 1, 1);
		assertThat(graph.getLayer("layer1.0.downsample.0").getParam("W").shape()).containsExactly(16, 4, 1, 1);
		assertThat(graph.getLayer("head.bn1").getParam("gamma").length()).isEqualTo(2 * 4 * 8 * 4);
		assertThat(graph.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64)).shape()).containsExactly(2, 3);
		List<List<String>> groups = net.layerGroups();
		assertThat(groups.get(0)).contains("conv1", "layer2.3.bn3").noneMatch((name) -> name.startsWith("layer3"));
		assertThat(groups.get(1)).contains("layer3.0.downsample.0", "layer4.2.conv3");
		assertThat(groups.get(2)).allSatisfy((name) -> assertThat(name).startsWith(VisionNet.HEAD_PREFIX));
	}

	@Test
	void bodyDownsamplesThirtyTwoTimesAndHeadGivesProbabilities() {
		VisionNet net = this.nets.create(NetSpec.of(Architecture.RESNET18, 3, 64).withBaseWidth(8));
		INDArray images = Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64);
		Map<String, INDArray> activations = net.graph().feedForward(images, false);

		assertThat(activations.get("maxpool").shape()).containsExactly(2, 8, 16, 16);
		assertThat(activations.get("layer2.0.relu").shape()).containsExactly(2, 16, 8, 8);
		assertThat(activations.get(net.bodyOutput()).shape()).containsExactly(2, 64, 2, 2);
		assertThat(activations.get("head.concat").shape()).containsExactly(2, 128);
		INDArray probabilities = activations.get(VisionNet.OUTPUT);
		assertThat(probabilities.shape()).containsExactly(2, 3);
		assertThat(probabilities.sum(1).toDoubleVector()).containsExactly(new double[] { 1, 1 }, within(1e-5));
	}

	@Test
	void onlyTheReluLayersAndTheHeadAreNonLinear() {
		ComputationGraph graph = this.nets.create(NetSpec.of(Architecture.RESNET18, 3, 32).withBaseWidth(4)).graph();

		for (Layer layer : graph.getLayers()) {
			if (layer.conf().getLayer() instanceof BaseLayer base) {
				String name = layer.getConfig().getLayerName();
				String expected = name.equals("head.fc1") ? "relu"
						: name.equals(VisionNet.OUTPUT) ? "softmax" : "identity";
				assertThat(base.getActivationFn().toString()).as(name).isEqualTo(expected);
			}
		}
	}

	@Test
	void bodyOutputIsTheLastBlocksActivation() {
		assertThat(this.nets.create(NetSpec.of(Architecture.RESNET18, 2, 32).withBaseWidth(4)).bodyOutput())
			.isEqualTo("layer4.1.relu");
		assertThat(this.nets.create(NetSpec.of(Architecture.RESNET34, 2, 32).withBaseWidth(4)).bodyOutput())
			.isEqualTo("layer4.2.relu");
	}

	@Test
	void headFollowsFastaiCreateHead() {
		VisionNet net = this.nets.create(NetSpec.of(Architecture.RESNET18, 5, 32).withBaseWidth(4));
		ComputationGraph graph = net.graph();

		assertThat(dropProbability(graph, "head.fc1")).isCloseTo(0.25, within(1e-9));
		assertThat(dropProbability(graph, VisionNet.OUTPUT)).isCloseTo(0.5, within(1e-9));
		assertThat(graph.getLayer("head.fc1").getParam("W").shape()).containsExactly(64, 512);
		assertThat(graph.getLayer(VisionNet.OUTPUT).getParam("W").shape()).containsExactly(512, 5);
		assertThat(graph.getLayer("head.bn1").getParam("gamma").length()).isEqualTo(64);
		assertThat(graph.getVertex("head.bnFinal")).isNull();
	}

	@Test
	void bnFinalAddsABatchNormWithFastaisMomentumBeforeTheSoftmax() {
		VisionNet net = this.nets.create(NetSpec.of(Architecture.RESNET18, 5, 32)
			.withBaseWidth(4)
			.withHead(HeadOptions.fastai().withBnFinal(true)));
		ComputationGraph graph = net.graph();

		Layer bnFinal = graph.getLayer("head.bnFinal");
		assertThat(((BatchNormalization) bnFinal.conf().getLayer()).getDecay()).isCloseTo(0.99, within(1e-9));
		assertThat(graph.getConfiguration().getVertexInputs().get(VisionNet.OUTPUT)).containsExactly("head.bnFinal");
		assertThat(graph.outputSingle(Nd4j.rand(DataType.FLOAT, 1, 3, 32, 32)).shape()).containsExactly(1, 5);
	}

	@Test
	void zooResNet50GetsAFastaiHeadOnItsLastActivation() {
		VisionNet net = this.nets.create(NetSpec.of(Architecture.RESNET50_ZOO, 4, 64));
		ComputationGraph graph = net.graph();

		assertThat(graph.getVertex("avgpool")).isNull();
		assertThat(graph.getConfiguration().getVertexInputs().get("head.maxpool")).containsExactly(net.bodyOutput());
		assertThat(graph.getLayer("head.bn1").getParam("gamma").length()).isEqualTo(2 * 2048);
		assertThat(graph.outputSingle(Nd4j.rand(DataType.FLOAT, 1, 3, 64, 64)).shape()).containsExactly(1, 4);
		assertThat(net.pretrained()).isFalse();
		List<List<String>> groups = net.layerGroups();
		assertThat(groups.get(0)).contains("res2a_branch2a", "res3a_branch2a").doesNotContain("res4a_branch2a");
		assertThat(groups.get(1)).contains("res4a_branch2a", "res5c_branch2c");
		assertThat(groups.get(2)).allSatisfy((name) -> assertThat(name).startsWith(VisionNet.HEAD_PREFIX));
	}

	@Test
	void layerGroupsFollowFastaisResnetSplit() {
		List<List<String>> groups = this.nets.create(NetSpec.of(Architecture.RESNET34, 2, 32).withBaseWidth(4))
			.layerGroups();

		assertThat(groups).hasSize(3);
		assertThat(groups.get(0)).contains("conv1", "bn1", "layer1.0.conv1", "layer2.3.bn2")
			.noneMatch((name) -> name.startsWith("layer3") || name.startsWith("head."));
		assertThat(groups.get(1)).contains("layer3.0.downsample.0", "layer3.5.conv2", "layer4.2.bn2")
			.allMatch((name) -> name.startsWith("layer3") || name.startsWith("layer4"));
		assertThat(groups.get(2)).containsExactly("head.bn1", "head.fc1", "head.bn2", "head.out");
	}

	@Test
	void rejectsSpecificationsThatCannotWork() {
		assertThatIllegalArgumentException().isThrownBy(() -> NetSpec.of(Architecture.RESNET18, 1, 224));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NetSpec.of(Architecture.RESNET50_ZOO, 2, 224).withBaseWidth(8));
		assertThatIllegalArgumentException().isThrownBy(() -> new HeadOptions(1.0, 512, false));
		assertThatIllegalArgumentException().isThrownBy(() -> Architecture.of("vgg16"));
		assertThat(Architecture.of("ResNet34")).isEqualTo(Architecture.RESNET34);
	}

	/**
	 * The body's parameters as PyTorch counts them: DL4J counts BatchNorm's running mean
	 * and variance as parameters, PyTorch keeps them as buffers.
	 */
	private long torchvisionStyleBodyParameters(Architecture architecture) {
		ComputationGraph graph = this.nets.create(NetSpec.of(architecture, 2, 32)).graph();
		long parameters = 0;
		for (Layer layer : graph.getLayers()) {
			if (layer.getConfig().getLayerName().startsWith(VisionNet.HEAD_PREFIX)) {
				continue;
			}
			parameters += layer.numParams();
			if (layer.conf().getLayer() instanceof BatchNormalization) {
				parameters -= layer.paramTable()
					.entrySet()
					.stream()
					.filter((parameter) -> !Set.of("gamma", "beta").contains(parameter.getKey()))
					.mapToLong((parameter) -> parameter.getValue().length())
					.sum();
			}
		}
		return parameters;
	}

	private static double dropProbability(ComputationGraph graph, String layer) {
		Dropout dropout = (Dropout) ((BaseLayer) graph.getLayer(layer).conf().getLayer()).getIDropout();
		return 1 - dropout.getP();
	}

}
