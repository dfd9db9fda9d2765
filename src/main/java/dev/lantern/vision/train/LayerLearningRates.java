package dev.lantern.vision.train;

import java.util.Map;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Sets the learning rate (a constant or a schedule) of individual layers and starts the
 * optimizer afresh, as fastai v1 does when it freezes or unfreezes ({@code create_opt}).
 * <p>
 * {@code ComputationGraph.setLearningRate(layer, ...)} is not used: in DL4J 1.0.0-M2.1 it
 * fails with a NullPointerException on graphs with BatchNorm whenever the updater blocks
 * change (it cannot carry over the state of BatchNorm's mean and variance, which have
 * none).
 */
final class LayerLearningRates {

	private LayerLearningRates() {
	}

	/**
	 * Gives each named layer its own copy of its updater configuration with the new
	 * learning rate, then replaces the graph's updater (its state starts at zero).
	 * @param rates a {@link Double} or an {@link ISchedule} per layer name
	 */
	static void apply(ComputationGraph graph, Map<String, ?> rates) {
		for (Map.Entry<String, ?> rate : rates.entrySet()) {
			if (!(graph.getLayer(rate.getKey()).conf().getLayer() instanceof BaseLayer layer)) {
				throw new IllegalArgumentException("Layer '" + rate.getKey() + "' has no updater of its own");
			}
			IUpdater updater = layer.getIUpdater().clone();
			if (rate.getValue() instanceof ISchedule schedule) {
				updater.setLrAndSchedule(schedule.valueAt(0, 0), schedule);
			}
			else {
				updater.setLrAndSchedule(((Number) rate.getValue()).doubleValue(), null);
			}
			layer.setIUpdater(updater);
			if (layer.getBiasUpdater() != null) {
				layer.setBiasUpdater(updater.clone());
			}
		}
		graph.setUpdater(null);
		graph.getUpdater();
	}

}
