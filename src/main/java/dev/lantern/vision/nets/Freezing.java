package dev.lantern.vision.nets;

import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;

import dev.lantern.system.backend.onednn.OneDnnConvolutions;

/**
 * Freezing and unfreezing a body. Frozen layers keep their parameters and run BatchNorm
 * in inference mode (fastai instead keeps BatchNorm trainable while frozen).
 */
final class Freezing {

	private Freezing() {
	}

	/**
	 * A copy of the graph with every vertex up to and including {@code lastFrozen}
	 * frozen.
	 */
	static ComputationGraph freeze(ComputationGraph graph, String lastFrozen) {
		ComputationGraph frozen = VisionNets
			.withTrainingCache(new TransferLearning.GraphBuilder(graph).setFeatureExtractor(lastFrozen).build());
		OneDnnConvolutions.install(frozen);
		return frozen;
	}

	/**
	 * A copy of the graph with nothing frozen and the same parameters. DL4J has no call
	 * for this: every frozen layer configuration is replaced by the layer it wraps and
	 * every frozen vertex by its underlying vertex (missing the vertices makes the
	 * backward pass fail), then a new graph is built on a copy of the parameters.
	 */
	static ComputationGraph unfreeze(ComputationGraph graph) {
		ComputationGraphConfiguration configuration = graph.getConfiguration().clone();
		for (Map.Entry<String, GraphVertex> entry : configuration.getVertices().entrySet()) {
			GraphVertex vertex = entry.getValue();
			while (vertex instanceof FrozenVertex frozen) {
				vertex = frozen.getUnderlying();
			}
			if (vertex instanceof LayerVertex layerVertex) {
				var layerConfiguration = layerVertex.getLayerConf();
				while (true) {
					if (layerConfiguration.getLayer() instanceof FrozenLayer frozen) {
						layerConfiguration.setLayer(frozen.getLayer());
					}
					else if (layerConfiguration.getLayer() instanceof FrozenLayerWithBackprop frozen) {
						layerConfiguration.setLayer(frozen.getUnderlying());
					}
					else {
						break;
					}
				}
			}
			entry.setValue(vertex);
		}
		ComputationGraph unfrozen = new ComputationGraph(configuration);
		unfrozen.init(graph.params().dup(), false);
		OneDnnConvolutions.install(unfrozen);
		return VisionNets.withTrainingCache(unfrozen);
	}

}
