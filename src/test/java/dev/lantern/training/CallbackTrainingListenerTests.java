package dev.lantern.training;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CallbackTrainingListenerTests {

	@Test
	void firesFastaiEventsInOrderWithStepsCountedOverTheFit() {
		MultiLayerNetwork network = network(new Adam(0.01));
		Recorder recorder = new Recorder(-1);
		network.addListeners(new CallbackTrainingListener(recorder, new FitPlan(3, 4)));
		network.fit(data(), 3);

		List<String> expected = new ArrayList<>();
		expected.add("beforeFit 3x4");
		long step = 0;
		for (int epoch = 0; epoch < 3; epoch++) {
			expected.add("beforeEpoch " + epoch);
			for (int i = 0; i < 4; i++) {
				expected.add("beforeBatch " + epoch + " " + step);
				expected.add("afterBatch " + epoch + " " + step);
				step++;
			}
			expected.add("afterEpoch " + epoch);
		}
		expected.add("afterFit");
		assertThat(recorder.events).containsExactlyElementsOf(expected);
		assertThat(recorder.epochs).hasSize(3);
		assertThat(recorder.epochs.get(0).trainLoss()).isFinite().isPositive();
		// The mean of an epoch's minibatch losses.
		assertThat(recorder.epochs.get(2).trainLoss()).isCloseTo(
				recorder.losses.subList(8, 12).stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
				org.assertj.core.api.Assertions.within(1e-9));
	}

	@Test
	void aLossThatIsNotFiniteStopsTheFitAtThatStepBeforeTheCallbackSeesIt() {
		MultiLayerNetwork network = network(new Adam(0.01));
		Recorder recorder = new Recorder(-1);
		network.addListeners(new CallbackTrainingListener(recorder, new FitPlan(3, 4)));
		Nd4j.getRandom().setSeed(7);
		var features = Nd4j.rand(DataType.FLOAT, 32, 3);
		var labels = features.sum(true, 1).reshape(32, 1);
		// One label of the second minibatch is NaN: so is that step's loss.
		labels.putScalar(9, 0, Float.NaN);
		var data = new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(
				new DataSet(features, labels).asList(), 8);

		assertThatExceptionOfType(TrainingDivergedException.class).isThrownBy(() -> network.fit(data, 3))
			.withMessageStartingWith("Training diverged at epoch 1, step 2; try a lower learning rate");
		assertThat(recorder.losses).hasSize(1).allSatisfy((loss) -> assertThat(loss).isFinite());
		assertThat(recorder.events).doesNotContain("afterFit");
	}

	@Test
	void aCancelFromTheCallbackStopsTheFitAtThatStep() {
		MultiLayerNetwork network = network(new Adam(0.01));
		Recorder recorder = new Recorder(5);
		network.addListeners(new CallbackTrainingListener(recorder, new FitPlan(3, 4)));

		assertThatExceptionOfType(CancelFitException.class).isThrownBy(() -> network.fit(data(), 3));
		// DL4J counts an iteration after its listeners ran: the sixth step's update was
		// applied, its count was not.
		assertThat(network.getIterationCount()).isEqualTo(5);
		assertThat(recorder.events).doesNotContain("afterFit", "afterEpoch 1");
		assertThat(recorder.events.get(recorder.events.size() - 1)).isEqualTo("afterBatch 1 5");

		// The thread can train again afterwards.
		MultiLayerNetwork next = network(new Adam(0.01));
		next.fit(data(), 1);
		assertThat(next.getIterationCount()).isEqualTo(4);
		assertThat(next.score()).isFinite();
	}

	@Test
	void drivesTheLearningRateOfAOneCycleSchedule() {
		OneCycleSchedule schedule = new OneCycleSchedule(0.01, 12);
		MultiLayerNetwork network = network(new Adam(schedule));
		List<Double> rates = new ArrayList<>();
		network.addListeners(new CallbackTrainingListener(new TrainingCallback() {
			@Override
			public void beforeBatch(int epoch, long step) {
				rates.add(network.getLearningRate(0));
			}
		}, new FitPlan(3, 4)));
		network.fit(data(), 3);
		assertThat(rates).hasSize(12);
		assertThat(rates.get(3)).isCloseTo(0.01, org.assertj.core.api.Assertions.within(1e-9));
	}

	private static MultiLayerNetwork network(org.nd4j.linalg.learning.config.IUpdater updater) {
		MultiLayerConfiguration configuration = new NeuralNetConfiguration.Builder().seed(42)
			.dataType(DataType.FLOAT)
			.updater(updater)
			.list()
			.layer(new DenseLayer.Builder().nIn(3).nOut(8).activation(Activation.TANH).build())
			.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8)
				.nOut(1)
				.activation(Activation.IDENTITY)
				.build())
			.build();
		MultiLayerNetwork network = new MultiLayerNetwork(configuration);
		network.init();
		return network;
	}

	/** 32 rows in minibatches of 8: four steps per epoch. */
	private static DataSetIterator data() {
		Nd4j.getRandom().setSeed(7);
		var features = Nd4j.rand(DataType.FLOAT, 32, 3);
		var labels = features.sum(true, 1).reshape(32, 1);
		return new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(
				new DataSet(features, labels).asList(), 8);
	}

	/** Records the events; throws CancelFitException after the given step. */
	private static final class Recorder implements TrainingCallback {

		private final long cancelAfter;

		private final List<String> events = new ArrayList<>();

		private final List<EpochMetrics> epochs = new ArrayList<>();

		private final List<Double> losses = new ArrayList<>();

		Recorder(long cancelAfter) {
			this.cancelAfter = cancelAfter;
		}

		@Override
		public void beforeFit(FitPlan plan) {
			this.events.add("beforeFit " + plan.epochs() + "x" + plan.stepsPerEpoch());
		}

		@Override
		public void beforeEpoch(int epoch) {
			this.events.add("beforeEpoch " + epoch);
		}

		@Override
		public void beforeBatch(int epoch, long step) {
			this.events.add("beforeBatch " + epoch + " " + step);
		}

		@Override
		public void afterBatch(int epoch, long step, double loss) {
			this.events.add("afterBatch " + epoch + " " + step);
			this.losses.add(loss);
			if (step == this.cancelAfter) {
				throw new CancelFitException("cancelled at step " + step);
			}
		}

		@Override
		public void afterEpoch(EpochMetrics metrics) {
			this.events.add("afterEpoch " + metrics.epoch());
			this.epochs.add(metrics);
		}

		@Override
		public void afterFit() {
			this.events.add("afterFit");
		}

	}

}
