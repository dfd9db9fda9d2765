package dev.lantern.vision.heatmap;

import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * fastai's {@code hook_output} for a DL4J graph: keeps the activations one layer produced
 * during a forward pass, and lets go of them on close.
 *
 * <pre>
 * try (ActivationHook hook = ActivationHook.on(graph, "body_out")) {
 *     Map&lt;String, INDArray&gt; all = hook.forward(image);
 *     INDArray activations = hook.stored();
 * }
 * </pre>
 *
 * DL4J calls its listeners' {@code onForwardPass} only while training, so the hook runs
 * the inference pass itself ({@code feedForward} in inference mode, which keeps every
 * activation, as the Grad-CAM backward pass needs). {@code feedForward} is not
 * synchronized: like the graph it hooks, a hook belongs to one thread.
 */
final class ActivationHook implements AutoCloseable {

	private final ComputationGraph graph;

	private final String layer;

	private INDArray stored;

	private ActivationHook(ComputationGraph graph, String layer) {
		this.graph = graph;
		this.layer = layer;
	}

	/** Hooks the output of {@code layer} of {@code graph}. */
	static ActivationHook on(ComputationGraph graph, String layer) {
		if (!graph.getConfiguration().getVertices().containsKey(layer)) {
			throw new IllegalArgumentException("The model has no layer named '" + layer + "'");
		}
		return new ActivationHook(graph, layer);
	}

	/**
	 * Runs the graph forward in inference mode and keeps the hooked layer's activations.
	 * @return every vertex's activations by name
	 */
	Map<String, INDArray> forward(INDArray... inputs) {
		Map<String, INDArray> activations = this.graph.feedForward(inputs, false);
		this.stored = activations.get(this.layer);
		return activations;
	}

	/** The activations of the last forward pass, or null before one ran. */
	INDArray stored() {
		return this.stored;
	}

	@Override
	public void close() {
		this.stored = null;
	}

}
