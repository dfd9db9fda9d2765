package dev.lantern.training;

import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A copy of what a fit changes in a {@link ComputationGraph}: the parameters, the
 * optimizer's state, every layer's updater configuration (learning rate or schedule) and
 * the iteration and epoch counters. {@link #restore()} puts them back, as fastai's
 * {@code LRFinder} saves the model before the sweep and loads it (with the optimizer)
 * after.
 */
public final class GraphSnapshot {

	private final ComputationGraph graph;

	private final INDArray params;

	private final INDArray updaterState;

	private final Map<String, IUpdater[]> updaters = new LinkedHashMap<>();

	private final int iterationCount;

	private final int epochCount;

	private GraphSnapshot(ComputationGraph graph) {
		this.graph = graph;
		this.params = graph.params().dup();
		ComputationGraphUpdater updater = graph.getUpdater(false);
		INDArray state = (updater != null) ? updater.getStateViewArray() : null;
		this.updaterState = (state != null) ? state.dup() : null;
		for (Layer layer : graph.getLayers()) {
			if (layer.conf().getLayer() instanceof BaseLayer base) {
				this.updaters.put(layer.conf().getLayer().getLayerName(),
						new IUpdater[] { copy(base.getIUpdater()), copy(base.getBiasUpdater()) });
			}
		}
		this.iterationCount = graph.getConfiguration().getIterationCount();
		this.epochCount = graph.getConfiguration().getEpochCount();
	}

	/** Copies the graph's state now. */
	public static GraphSnapshot of(ComputationGraph graph) {
		return new GraphSnapshot(graph);
	}

	/** Puts the copied state back into the graph. */
	public void restore() {
		for (Layer layer : this.graph.getLayers()) {
			IUpdater[] saved = this.updaters.get(layer.conf().getLayer().getLayerName());
			if (saved != null && layer.conf().getLayer() instanceof BaseLayer base) {
				base.setIUpdater(copy(saved[0]));
				base.setBiasUpdater(copy(saved[1]));
			}
		}
		this.graph.params().assign(this.params);
		this.graph.getConfiguration().setIterationCount(this.iterationCount);
		this.graph.getConfiguration().setEpochCount(this.epochCount);
		this.graph.setUpdater(null);
		if (this.updaterState != null) {
			Updater updater = this.graph.getUpdater(true);
			((ComputationGraphUpdater) updater).getStateViewArray().assign(this.updaterState);
		}
	}

	private static IUpdater copy(IUpdater updater) {
		return (updater != null) ? updater.clone() : null;
	}

}
