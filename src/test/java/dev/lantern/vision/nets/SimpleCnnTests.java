package dev.lantern.vision.nets;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SimpleCnnTests {

	private final VisionNets nets = new VisionNets(new NetsProperties(null));

	@Test
	void keepsTheLayerNamesAndSizeOfSavedVersions() {
		// 3x3 convolutions of 16, 32, 64, 64 channels without bias, BatchNorm (four
		// parameters per channel in DL4J), 128 pooled features to 37 classes.
		VisionNet net = this.nets.create(NetSpec.of(Architecture.SIMPLE_CNN, 37, 224), true);
		ComputationGraph graph = net.graph();

		assertThat(graph.numParams()).isEqualTo(65_813L);
		assertThat(graph.getConfiguration().getNetworkOutputs()).containsExactly("output");
		assertThat(graph.getLayer("conv3").getParam("W").shape()).containsExactly(64, 64, 3, 3);
		assertThat(net.bodyOutput()).isEqualTo("relu3");
		assertThat(net.pretrained()).isFalse();
		assertThat(graph.outputSingle(Nd4j.rand(DataType.FLOAT, 1, 3, 32, 32)).shape()).containsExactly(1, 37);
	}

	@Test
	void hasTheBodyAndTheOutputAsLayerGroups() {
		VisionNet net = this.nets.create(NetSpec.of(Architecture.SIMPLE_CNN, 3, 32));

		assertThat(net.layerGroups()).containsExactly(
				List.of("conv0", "bn0", "conv1", "bn1", "conv2", "bn2", "conv3", "bn3"), List.of("output"));
	}

	@Test
	void freezingLeavesTheBatchNormLayersTrainableAsFastaiTrainBn() {
		VisionNet net = this.nets.create(NetSpec.of(Architecture.SIMPLE_CNN, 3, 32));
		VisionNet frozen = net.freeze();

		assertThat(frozen.frozen()).isTrue();
		assertThat(frozen.trainableLayerGroups()).containsExactly(List.of("bn0", "bn1", "bn2", "bn3"),
				List.of("output"));
		assertThat(frozen.unfreeze().trainableLayerGroups()).isEqualTo(net.layerGroups());
	}

	@Test
	void aRestoredSimpleCnnIsFoundByItsPoolingHead() {
		VisionNet net = this.nets.create(NetSpec.of(Architecture.SIMPLE_CNN, 3, 32));

		VisionNet restored = this.nets.wrap(net.graph().clone(), net.spec(), false);

		assertThat(restored.bodyOutput()).isEqualTo("relu3");
		assertThat(restored.frozen()).isFalse();
		assertThat(restored.layerGroups()).isEqualTo(net.layerGroups());
	}

	@Test
	void takesImagesDownToSixteenPixelsAndItsOwnWidth() {
		VisionNet narrow = this.nets.create(new NetSpec(Architecture.SIMPLE_CNN, 2, 16, 4, HeadOptions.fastai(), 1));

		assertThat(narrow.graph().getLayer("conv0").getParam("W").shape()).containsExactly(4, 3, 3, 3);
		assertThat(narrow.graph().outputSingle(Nd4j.rand(DataType.FLOAT, 1, 3, 16, 16)).shape()).containsExactly(1, 2);
		assertThatIllegalArgumentException().isThrownBy(() -> NetSpec.of(Architecture.SIMPLE_CNN, 2, 8))
			.withMessageContaining("16");
		assertThat(Architecture.of("simple-cnn")).isEqualTo(Architecture.SIMPLE_CNN);
	}

}
