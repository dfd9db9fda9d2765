package dev.lantern.vision.nets;

import java.io.IOException;
import java.nio.file.Path;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.FixedSchedule;

import dev.lantern.system.backend.onednn.OneDnnHelpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

class ResNetTransferLearningTests {

	/**
	 * A ResNet-18 of width 8 at 32 px: every layer of the real one, small enough for
	 * tests.
	 */
	static final NetSpec TINY = NetSpec.of(Architecture.RESNET18, 3, 32).withBaseWidth(8);

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

		net.graph().fit(batch(4, 1));

		assertThat(net.frozen()).isTrue();
		assertThat(net.graph().getLayer("layer2.0.conv1")).isInstanceOf(FrozenLayer.class);
		assertThat(net.graph().getLayer("layer2.0.conv1").getParam("W")).isEqualTo(body);
		assertThat(net.graph().getLayer("layer4.1.bn2").getParam("mean")).isEqualTo(bodyMean);
		assertThat(net.graph().getLayer("head.fc1").getParam("W")).isNotEqualTo(head);
	}

	@Test
	void unfreezingKeepsOutputsAndMakesTheBodyTrainable() {
		VisionNet frozen = this.nets.create(TINY).freeze();
		frozen.graph().fit(batch(4, 2));
		INDArray images = batch(2, 3).getFeatures();
		INDArray before = frozen.graph().outputSingle(images);

		VisionNet unfrozen = frozen.unfreeze();
		INDArray after = unfrozen.graph().outputSingle(images);
		INDArray body = unfrozen.graph().getLayer("layer2.0.conv1").getParam("W").dup();
		unfrozen.graph().fit(batch(4, 4));

		assertThat(unfrozen.frozen()).isFalse();
		assertThat(after).isEqualTo(before);
		assertThat(unfrozen.graph().getLayer("layer2.0.conv1").getParam("W")).isNotEqualTo(body);
	}

	@Test
	void discriminativeRatesGoToTheirLayerGroupsAndTrain() {
		VisionNet net = this.nets.create(TINY);
		net.setLearningRates(LearningRates.slice(1e-6, 1e-2, 3));
		INDArray stem = net.graph().getLayer("conv1").getParam("W").dup();
		INDArray head = net.graph().getLayer("head.fc1").getParam("W").dup();

		net.graph().fit(batch(4, 6));

		assertThat(learningRate(net.graph(), "conv1")).isEqualTo(1e-6);
		assertThat(learningRate(net.graph(), "layer2.1.bn2")).isEqualTo(1e-6);
		assertThat(learningRate(net.graph(), "layer3.0.conv1")).isCloseTo(1e-4, within(1e-12));
		assertThat(learningRate(net.graph(), "head.fc1")).isEqualTo(1e-2);
		assertThat(learningRate(net.graph(), VisionNet.OUTPUT)).isEqualTo(1e-2);
		// Adam's first step moves each weight by about its learning rate.
		assertThat(maxChange(net.graph().getLayer("conv1").getParam("W"), stem)).isLessThan(1e-5);
		assertThat(maxChange(net.graph().getLayer("head.fc1").getParam("W"), head)).isGreaterThan(1e-3);
	}

	@Test
	void learningRateSchedulesGoToTheirLayerGroups() {
		VisionNet net = this.nets.create(TINY).freeze();
		net.setLearningRateSchedules(new FixedSchedule(1), new FixedSchedule(2), new FixedSchedule(3e-3));

		assertThat(learningRate(net.graph(), "head.bn2")).isEqualTo(3e-3);
	}

	@Test
	void pretrainedBodyWeightsLoadFromASavedGraph(@TempDir Path directory) throws IOException {
		VisionNet trained = this.nets.create(TINY.withSeed(7));
		trained.graph().fit(batch(4, 5));
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
		INDArray images = batch(2, 3).getFeatures();
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

	private static double learningRate(ComputationGraph graph, String layer) {
		IUpdater updater = ((BaseLayer) graph.getLayer(layer).conf().getLayer()).getIUpdater();
		return updater.getLearningRate(0, 0);
	}

	private static double maxChange(INDArray after, INDArray before) {
		return after.sub(before).amaxNumber().doubleValue();
	}

	/** Images whose class is told apart by which third of the picture is bright. */
	static DataSet batch(int size, long seed) {
		Nd4j.getRandom().setSeed(seed);
		INDArray images = Nd4j.rand(DataType.FLOAT, size, 3, 32, 32).muli(0.5);
		INDArray labels = Nd4j.zeros(DataType.FLOAT, size, 3);
		for (int i = 0; i < size; i++) {
			int label = (int) ((seed + i) % 3);
			labels.putScalar(i, label, 1);
			images
				.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.all(),
						org.nd4j.linalg.indexing.NDArrayIndex.interval(label * 10, label * 10 + 10),
						org.nd4j.linalg.indexing.NDArrayIndex.all())
				.addi(1);
		}
		return new DataSet(images, labels);
	}

}
