package dev.lantern.vision.train;

import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.FixedSchedule;

import dev.lantern.system.backend.onednn.OneDnnHelpers;
import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.TinyNets;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class LayerGroupRatesTests {

	private final VisionNets nets = new VisionNets(new NetsProperties(null));

	@BeforeAll
	static void oneDnn() {
		OneDnnHelpers.configure(true);
	}

	@Test
	void sliceSpacesRatesGeometricallyAsFastai() {
		double[] rates = LayerGroupRates.slice(1e-6, 1e-3, 3);

		assertThat(rates[0]).isEqualTo(1e-6);
		assertThat(rates[1]).isCloseTo(Math.sqrt(1e-6 * 1e-3), within(1e-12));
		assertThat(rates[2]).isEqualTo(1e-3);
		assertThat(LayerGroupRates.slice(1e-3, 3)).containsExactly(1e-4, 1e-4, 1e-3);
		assertThat(LayerGroupRates.slice(1e-2, 3)).containsExactly(1e-3, 1e-3, 1e-2);
	}

	@Test
	void aZeroLowerRateLeavesTheEarlierGroupsAsTheyAre() {
		assertThat(LayerGroupRates.slice(0, 1e-3, 3)).containsExactly(0, 0, 1e-3);
		assertThatIllegalArgumentException().isThrownBy(() -> LayerGroupRates.slice(Double.NaN, 3));
		assertThatIllegalArgumentException().isThrownBy(() -> LayerGroupRates.slice(-1e-3, 1e-3, 3));
	}

	@Test
	void discriminativeRatesGoToTheirLayerGroupsAndTrain() {
		VisionNet net = this.nets.create(TinyNets.TINY);
		LayerGroupRates.apply(net, boxed(LayerGroupRates.slice(1e-6, 1e-2, 3)));
		INDArray stem = net.graph().getLayer("conv1").getParam("W").dup();
		INDArray head = net.graph().getLayer("head.fc1").getParam("W").dup();

		net.graph().fit(TinyNets.batch(4, 6));

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
		VisionNet net = this.nets.create(TinyNets.TINY).freeze();
		LayerGroupRates.apply(net, List.of(new FixedSchedule(1), new FixedSchedule(2), new FixedSchedule(3e-3)));

		assertThat(learningRate(net.graph(), "head.bn2")).isEqualTo(3e-3);
	}

	@Test
	void aFrozenSimpleCnnTrainsItsBatchNormButNotItsConvolutions() {
		VisionNet net = this.nets.create(NetSpec.of(Architecture.SIMPLE_CNN, 3, 32)).freeze();
		LayerGroupRates.apply(net, List.of(1e-3, 1e-2));
		INDArray conv = net.graph().getLayer("conv1").getParam("W").dup();
		INDArray norm = net.graph().getLayer("bn1").getParam("gamma").dup();

		net.graph().fit(TinyNets.batch(4, 7));

		assertThat(learningRate(net.graph(), "conv1")).isZero();
		assertThat(learningRate(net.graph(), "bn1")).isEqualTo(1e-3);
		assertThat(learningRate(net.graph(), "output")).isEqualTo(1e-2);
		assertThat(net.graph().getLayer("conv1").getParam("W")).isEqualTo(conv);
		assertThat(net.graph().getLayer("bn1").getParam("gamma")).isNotEqualTo(norm);
	}

	@Test
	void needsOneRatePerLayerGroup() {
		VisionNet net = this.nets.create(NetSpec.of(Architecture.SIMPLE_CNN, 3, 32));

		assertThatIllegalArgumentException().isThrownBy(() -> LayerGroupRates.apply(net, List.of(1e-3, 1e-3, 1e-2)))
			.withMessageContaining("one per layer group");
	}

	private static List<Double> boxed(double[] rates) {
		return Arrays.stream(rates).boxed().toList();
	}

	private static double learningRate(ComputationGraph graph, String layer) {
		IUpdater updater = ((BaseLayer) graph.getLayer(layer).conf().getLayer()).getIUpdater();
		return updater.getLearningRate(0, 0);
	}

	private static double maxChange(INDArray after, INDArray before) {
		return after.sub(before).amaxNumber().doubleValue();
	}

}
