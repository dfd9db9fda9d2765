package dev.lantern.vision.nets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Predicate;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies weights from a saved graph into a new one, layer by layer by name.
 */
final class PretrainedWeights {

	private PretrainedWeights() {
	}

	/**
	 * Loads a DL4J {@code ModelSerializer} zip and copies the parameters of every layer
	 * of {@code target} accepted by {@code which} from the layer of the same name.
	 * @return the number of layers copied
	 * @throws IllegalStateException when the file cannot be read, a layer is missing or
	 * its shapes differ, or nothing matched
	 */
	static int copy(Path file, ComputationGraph target, Predicate<String> which) {
		ComputationGraph source;
		try {
			source = ComputationGraph.load(file.toFile(), false);
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Cannot read pretrained weights " + file + ": " + ex.getMessage(), ex);
		}
		int copied = copy(source, target, which, file.getFileName().toString());
		if (copied == 0) {
			throw new IllegalStateException("No layer of " + file + " matches the network");
		}
		return copied;
	}

	static int copy(ComputationGraph source, ComputationGraph target, Predicate<String> which, String origin) {
		int copied = 0;
		for (Layer layer : target.getLayers()) {
			String name = layer.getConfig().getLayerName();
			Map<String, INDArray> parameters = layer.paramTable();
			if (!which.test(name) || parameters.isEmpty()) {
				continue;
			}
			GraphVertex vertex = source.getVertex(name);
			if (vertex == null || !vertex.hasLayer()) {
				throw new IllegalStateException(origin + " has no layer " + name);
			}
			Map<String, INDArray> pretrained = vertex.getLayer().paramTable();
			for (Map.Entry<String, INDArray> parameter : parameters.entrySet()) {
				INDArray value = pretrained.get(parameter.getKey());
				if (value == null || !Arrays.equals(value.shape(), parameter.getValue().shape())) {
					throw new IllegalStateException(origin + ": parameter " + name + "/" + parameter.getKey()
							+ " has shape " + ((value != null) ? Arrays.toString(value.shape()) : "none")
							+ ", the network needs " + Arrays.toString(parameter.getValue().shape()));
				}
				parameter.getValue().assign(value.castTo(parameter.getValue().dataType()));
			}
			copied++;
		}
		return copied;
	}

}
