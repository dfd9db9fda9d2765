package dev.lantern.training;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class OneCycleScheduleTests {

	private final OneCycleSchedule schedule = new OneCycleSchedule(0.01, 100);

	@Test
	void startsAtTheMaximumDividedByTwentyFive() {
		assertThat(this.schedule.valueAt(0, 0)).isCloseTo(0.01 / 25, within(1e-12));
	}

	@Test
	void peaksAtThirtyPercentOfTheSteps() {
		assertThat(this.schedule.valueAt(30, 0)).isCloseTo(0.01, within(1e-12));
		assertThat(this.schedule.valueAt(29, 0)).isLessThan(0.01);
		assertThat(this.schedule.valueAt(31, 0)).isLessThan(0.01);
	}

	@Test
	void risesAndFallsAlongHalfACosine() {
		// Half way up: the mean of start and peak; half way down: the mean of peak and
		// end.
		assertThat(this.schedule.valueAt(15, 0)).isCloseTo((0.01 / 25 + 0.01) / 2, within(1e-12));
		assertThat(this.schedule.valueAt(65, 0)).isCloseTo((0.01 + 0.01 / 250_000) / 2, within(1e-12));
		for (int i = 1; i <= 30; i++) {
			assertThat(this.schedule.valueAt(i, 0)).isGreaterThan(this.schedule.valueAt(i - 1, 0));
		}
		for (int i = 31; i <= 100; i++) {
			assertThat(this.schedule.valueAt(i, 0)).isLessThan(this.schedule.valueAt(i - 1, 0));
		}
	}

	@Test
	void endsAtTheMaximumDividedByTheFinalDivAndStaysThere() {
		assertThat(this.schedule.valueAt(100, 0)).isCloseTo(0.01 / 250_000, within(1e-15));
		assertThat(this.schedule.valueAt(500, 7)).isCloseTo(0.01 / 250_000, within(1e-15));
	}

	@Test
	void aSecondCycleStartsAtItsStartIteration() {
		OneCycleSchedule second = new OneCycleSchedule(0.001, 10, 40, 0.3, 25, 1e5);
		assertThat(second.valueAt(40, 3)).isCloseTo(0.001 / 25, within(1e-12));
		assertThat(second.valueAt(43, 3)).isCloseTo(0.001, within(1e-12));
		assertThat(second.valueAt(50, 4)).isCloseTo(0.001 / 1e5, within(1e-15));
	}

	@Test
	void survivesTheJsonOfANetworkConfiguration() {
		MultiLayerConfiguration configuration = new NeuralNetConfiguration.Builder().updater(new Adam(this.schedule))
			.list()
			.layer(new DenseLayer.Builder().nIn(2).nOut(3).activation(Activation.RELU).build())
			.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3)
				.nOut(1)
				.activation(Activation.IDENTITY)
				.build())
			.build();
		MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(configuration.toJson());
		Adam adam = (Adam) ((org.deeplearning4j.nn.conf.layers.BaseLayer) restored.getConf(0).getLayer()).getIUpdater();
		assertThat(adam.getLearningRateSchedule()).isEqualTo(this.schedule);
		assertThat(adam.getLearningRateSchedule().valueAt(30, 0)).isCloseTo(0.01, within(1e-12));
	}

	@Test
	void refusesMeaninglessSettings() {
		assertThatIllegalArgumentException().isThrownBy(() -> new OneCycleSchedule(0, 10));
		assertThatIllegalArgumentException().isThrownBy(() -> new OneCycleSchedule(0.01, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new OneCycleSchedule(0.01, 10, 0, 1.5, 25, 1e4));
	}

}
