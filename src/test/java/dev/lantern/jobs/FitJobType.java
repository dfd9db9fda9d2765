package dev.lantern.jobs;

import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import dev.lantern.training.CallbackTrainingListener;
import dev.lantern.training.EpochMetrics;
import dev.lantern.training.FitPlan;
import dev.lantern.training.OneCycleSchedule;

/**
 * A job type for tests that fits a tiny DL4J network the way the trainers do: the
 * listener adapter drives the job's callback, a one-cycle schedule drives the learning
 * rate, and the validation loss is computed at every epoch end.
 */
class FitJobType implements JobType<FitJobType.Spec> {

	static final String NAME = "test-fit";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Class<Spec> specClass() {
		return Spec.class;
	}

	@Override
	public JobOutcome run(Spec spec, JobContext context) {
		Nd4j.getRandom().setSeed(3);
		INDArray features = Nd4j.rand(DataType.FLOAT, 64, 3);
		INDArray labels = features.sum(true, 1).reshape(64, 1);
		DataSet validation = new DataSet(features.dup(), labels.dup());
		int stepsPerEpoch = 64 / 16;
		MultiLayerConfiguration configuration = new NeuralNetConfiguration.Builder().seed(42)
			.dataType(DataType.FLOAT)
			.updater(new Adam(new OneCycleSchedule(0.05, spec.epochs() * stepsPerEpoch)))
			.list()
			.layer(new DenseLayer.Builder().nIn(3).nOut(16).activation(Activation.TANH).build())
			.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(16)
				.nOut(1)
				.activation(Activation.IDENTITY)
				.build())
			.build();
		MultiLayerNetwork network = new MultiLayerNetwork(configuration);
		network.init();
		network.addListeners(new CallbackTrainingListener(context.callback(), new FitPlan(spec.epochs(), stepsPerEpoch),
				(epoch, trainLoss) -> new EpochMetrics(epoch, trainLoss, network.score(validation), Map.of())));
		network.fit(new ListDataSetIterator<>(new DataSet(features, labels).asList(), 16), spec.epochs());
		return new JobOutcome("fitted", 1, Map.of("validLoss", network.score(validation)));
	}

	/**
	 * @param epochs epochs to fit
	 */
	record Spec(@Min(1) @Max(100000) int epochs) {

	}

}
