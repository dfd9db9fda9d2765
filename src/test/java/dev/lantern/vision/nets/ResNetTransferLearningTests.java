package dev.lantern.vision.nets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.lantern.system.backend.onednn.OneDnnHelpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ResNetTransferLearningTests {

	private static final NetSpec TINY = TinyNets.TINY;

	private final VisionNets nets = new VisionNets(new NetsProperties(null));

	@BeforeAll
	static void oneDnn() {
		OneDnnHelpers.configure(true);
	}

	@Test
	void freezingKeepsBodyParametersFixedWhileTheHeadLearns() {
		VisionNet net = this.nets.create(TINY).freeze();
		INDArray body = net.graph().getLayer("layer2.0.conv1").getParam("W").dup();
		INDArray bodyMean = net.graph().getLayer("layer4.1.bn2").getParam("mean").dup();
		INDArray head = net.graph().getLayer("head.fc1").getParam("W").dup();

		net.graph().fit(TinyNets.batch(4, 1));

		assertThat(net.frozen()).isTrue();
		assertThat(net.graph().getLayer("layer2.0.conv1")).isInstanceOf(FrozenLayer.class);
		assertThat(net.graph().getLayer("layer2.0.conv1").getParam("W")).isEqualTo(body);
		assertThat(net.graph().getLayer("layer4.1.bn2").getParam("mean")).isEqualTo(bodyMean);
		assertThat(net.graph().getLayer("head.fc1").getParam("W")).isNotEqualTo(head);
	}

	@Test
	void resnet50FreezesAndUnfreezesLikeTheOthers() {
		VisionNet frozen = this.nets
			.create(new NetSpec(Architecture.RESNET50, 3, 32, 2, HeadOptions.fastai(), 1), false)
			.freeze();
		INDArray body = frozen.graph().getLayer("layer3.1.conv3").getParam("W").dup();
		frozen.graph().fit(TinyNets.batch(4, 1));
		assertThat(frozen.graph().getLayer("layer3.1.conv3")).isInstanceOf(FrozenLayer.class);
		assertThat(frozen.graph().getLayer("layer3.1.conv3").getParam("W")).isEqualTo(body);
		INDArray images = TinyNets.batch(2, 3).getFeatures();
		INDArray before = frozen.graph().outputSingle(images);

		VisionNet unfrozen = frozen.unfreeze();
		assertThat(unfrozen.graph().outputSingle(images)).isEqualTo(before);
		unfrozen.graph().fit(TinyNets.batch(4, 4));
		assertThat(unfrozen.graph().getLayer("layer3.1.conv3").getParam("W")).isNotEqualTo(body);
	}

	@Test
	void unfreezingKeepsOutputsAndMakesTheBodyTrainable() {
		VisionNet frozen = this.nets.create(TINY).freeze();
		frozen.graph().fit(TinyNets.batch(4, 2));
		INDArray images = TinyNets.batch(2, 3).getFeatures();
		INDArray before = frozen.graph().outputSingle(images);

		VisionNet unfrozen = frozen.unfreeze();
		INDArray after = unfrozen.graph().outputSingle(images);
		INDArray body = unfrozen.graph().getLayer("layer2.0.conv1").getParam("W").dup();
		unfrozen.graph().fit(TinyNets.batch(4, 4));

		assertThat(unfrozen.frozen()).isFalse();
		assertThat(after).isEqualTo(before);
		assertThat(unfrozen.graph().getLayer("layer2.0.conv1").getParam("W")).isNotEqualTo(body);
	}

	@Test
	void frozenNetworkOffersOnlyTheHeadForTraining() {
		VisionNet net = this.nets.create(new NetSpec(Architecture.RESNET18, 3, 64, 8, HeadOptions.fastai(), 1), false);
		VisionNet frozen = net.freeze();
		List<List<String>> groups = frozen.trainableLayerGroups();
		assertThat(groups.get(0)).isEmpty();
		assertThat(groups.get(1)).isEmpty();
		assertThat(groups.get(2)).isNotEmpty().allSatisfy((name) -> assertThat(name).startsWith("head."));
		assertThat(frozen.unfreeze().trainableLayerGroups().get(0)).contains("conv1");
	}

	@Test
	void pretrainedBodyWeightsLoadFromASavedGraph(@TempDir Path directory) throws IOException {
		VisionNet trained = this.nets.create(TINY.withSeed(7));
		trained.graph().fit(TinyNets.batch(4, 5));
		trained.graph().save(directory.resolve(Architecture.RESNET18.pretrainedFile()).toFile(), false);

		VisionNet loaded = new VisionNets(new NetsProperties(directory)).create(TINY.withSeed(8));
		VisionNet fresh = new VisionNets(new NetsProperties(directory.resolve("missing"))).create(TINY.withSeed(8));

		assertThat(loaded.pretrained()).isTrue();
		assertThat(fresh.pretrained()).isFalse();
		assertThat(loaded.graph().getLayer("layer3.1.conv2").getParam("W"))
			.isEqualTo(trained.graph().getLayer("layer3.1.conv2").getParam("W"));
		assertThat(loaded.graph().getLayer("layer4.1.bn2").getParam("var"))
			.isEqualTo(trained.graph().getLayer("layer4.1.bn2").getParam("var"));
		assertThat(loaded.graph().getLayer("head.fc1").getParam("W"))
			.isEqualTo(fresh.graph().getLayer("head.fc1").getParam("W"))
			.isNotEqualTo(trained.graph().getLayer("head.fc1").getParam("W"));
	}

	@Test
	void aSavedNetworkComesBackWithItsBodyOutputAndLayerGroups(@TempDir Path directory) throws IOException {
		VisionNet net = this.nets.create(TINY).freeze();
		Path file = directory.resolve("model.zip");
		net.graph().save(file.toFile(), true);

		VisionNet restored = this.nets.wrap(ComputationGraph.load(file.toFile(), true), TINY, false);

		assertThat(restored.bodyOutput()).isEqualTo("layer4.1.relu");
		assertThat(restored.frozen()).isTrue();
		assertThat(restored.layerGroups()).isEqualTo(net.layerGroups());
		INDArray images = TinyNets.batch(2, 3).getFeatures();
		assertThat(restored.unfreeze().graph().outputSingle(images)).isEqualTo(net.graph().outputSingle(images));
	}

	@Test
	void pretrainedWeightsOfAnotherShapeAreRefused(@TempDir Path directory) throws IOException {
		this.nets.create(TINY.withBaseWidth(4))
			.graph()
			.save(directory.resolve(Architecture.RESNET18.pretrainedFile()).toFile(), false);

		assertThatIllegalStateException().isThrownBy(() -> new VisionNets(new NetsProperties(directory)).create(TINY))
			.withMessageContaining("conv1/W");
	}

}
