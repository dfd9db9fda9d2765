package dev.lantern.training;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * Decoupled weight decay, as fastai's {@code true_wd}: each step every weight (not the
 * biases) moves by {@code -wd * lr * weight}, once.
 * <p>
 * Set on the built graph's layers rather than through DL4J's configuration builder:
 * {@code NeuralNetConfiguration.Builder.weightDecay(wd, true)} ends up listed twice in
 * every layer's regularization (DL4J 1.0.0-M2.1), and DL4J's updater applies each entry,
 * so the weights would decay at twice the configured rate.
 */
public final class DecoupledWeightDecay {

	private DecoupledWeightDecay() {
	}

	/**
	 * Makes {@code wd} the only regularization of every layer's weights (biases keep
	 * theirs). Call before the first training step (the updater reads the lists when it
	 * applies).
	 * @param graph the network
	 * @param wd the coefficient; 0 removes weight decay
	 */
	public static void apply(ComputationGraph graph, double wd) {
		for (Layer layer : graph.getLayers()) {
			if (layer.conf().getLayer() instanceof BaseLayer base) {
				List<Regularization> regularization = new ArrayList<>();
				if (wd > 0) {
					regularization.add(new WeightDecay(wd, true));
				}
				base.setRegularization(regularization);
			}
		}
	}

}
