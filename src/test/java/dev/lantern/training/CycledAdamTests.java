package dev.lantern.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * fastai's one-cycle momentum on Adam: the beta1 schedule, the update it drives, and its
 * survival through the model's JSON and ModelSerializer.
 */
class CycledAdamTests {

	@Test
	void momentumFallsWhileTheRateRisesAndClimbsBack() {
		OneCycleMomentum momentum = new OneCycleMomentum(100);
		assertThat(momentum.valueAt(0, 0)).isCloseTo(0.95, within(1e-12));
		assertThat(momentum.valueAt(15, 0)).isCloseTo(0.90, within(1e-12));
		assertThat(momentum.valueAt(30, 0)).isCloseTo(0.85, within(1e-12));
		assertThat(momentum.valueAt(65, 0)).isCloseTo(0.90, within(1e-12));
		assertThat(momentum.valueAt(100, 0)).isCloseTo(0.95, within(1e-12));
		assertThat(momentum.valueAt(500, 0)).isCloseTo(0.95, within(1e-12));
	}

	@Test
	void refusesAMomentumOfOneOrMore() {
		assertThatIllegalArgumentException().isThrownBy(() -> new OneCycleMomentum(1.0, 0.85, 100, 0, 0.3));
		assertThatIllegalArgumentException().isThrownBy(() -> new OneCycleMomentum(0.95, 0.85, 0, 0, 0.3));
	}

	@Test
	void withAConstantBeta1ItStepsExactlyAsAdam() {
		ISchedule rate = new OneCycleSchedule(0.01, 20);
		MultiLayerNetwork adam = network(
				Adam.builder().learningRateSchedule(rate).beta1(0.9).beta2(0.99).epsilon(1e-5).build());
		MultiLayerNetwork cycled = network(new CycledAdam(rate, new Constant(0.9), 0.99, 1e-5));
		for (int step = 0; step < 20; step++) {
			adam.fit(features(step), labels(step));
			cycled.fit(features(step), labels(step));
		}
		assertThat(cycled.params().equalsWithEps(adam.params(), 1e-6)).isTrue();
	}

	@Test
	void aCycledBeta1ChangesTheSteps() {
		ISchedule rate = new OneCycleSchedule(0.01, 20);
		MultiLayerNetwork adam = network(new CycledAdam(rate, new Constant(0.9), 0.99, 1e-5));
		MultiLayerNetwork cycled = network(new CycledAdam(rate, new OneCycleMomentum(20), 0.99, 1e-5));
		for (int step = 0; step < 20; step++) {
			adam.fit(features(step), labels(step));
			cycled.fit(features(step), labels(step));
		}
		assertThat(cycled.params().equalsWithEps(adam.params(), 1e-6)).isFalse();
	}

	@Test
	void theScheduleIsSavedAndRestoredWithTheModel() throws Exception {
		CycledAdam updater = new CycledAdam(new OneCycleSchedule(0.01, 20), new OneCycleMomentum(20), 0.99, 1e-5);
		MultiLayerNetwork network = network(updater);
		network.fit(features(0), labels(0));
		MultiLayerConfiguration fromJson = MultiLayerConfiguration
			.fromJson(network.getLayerWiseConfigurations().toJson());
		IUpdater restored = ((BaseLayer) fromJson.getConf(0).getLayer()).getIUpdater();
		assertThat(restored).isEqualTo(updater);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		ModelSerializer.writeModel(network, bytes, true);
		MultiLayerNetwork loaded = ModelSerializer
			.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
		assertThat(((BaseLayer) loaded.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater())
			.isEqualTo(updater);
		assertThat(loaded.params()).isEqualTo(network.params());
		loaded.fit(features(1), labels(1));
		network.fit(features(1), labels(1));
		assertThat(loaded.params().equalsWithEps(network.params(), 1e-6)).isTrue();
	}

	private static MultiLayerNetwork network(IUpdater updater) {
		MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7)
			.dataType(DataType.FLOAT)
			.updater(updater)
			.list()
			.layer(new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.RELU).build())
			.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8)
				.nOut(1)
				.activation(Activation.IDENTITY)
				.build())
			.build();
		MultiLayerNetwork network = new MultiLayerNetwork(conf);
		network.init();
		return network;
	}

	private static INDArray features(int step) {
		Nd4j.getRandom().setSeed(100 + step);
		return Nd4j.rand(DataType.FLOAT, 16, 4);
	}

	private static INDArray labels(int step) {
		return features(step).sum(true, 1);
	}

	/** A constant beta1, as plain Adam has it. */
	static final class Constant implements ISchedule {

		private final double value;

		Constant(double value) {
			this.value = value;
		}

		@Override
		public double valueAt(int iteration, int epoch) {
			return this.value;
		}

		@Override
		public ISchedule clone() {
			return this;
		}

	}

}
