package dev.lantern.vision.weights;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pretrained weights converted for a Lantern ResNet body: one assignment per DL4J layer
 * parameter, plus the tensors of the file that were left out.
 *
 * @param layout the architecture they fit
 * @param assignments the parameters, in the body's order
 * @param ignored the file's tensors that the body does not use ({@code fc.*},
 * {@code num_batches_tracked})
 * @param batchNormEps the BatchNorm epsilon the converted variances are meant for
 */
public record MappedWeights(ResNetLayout layout, List<Assignment> assignments, List<String> ignored,
		double batchNormEps) {

	public MappedWeights {
		assignments = List.copyOf(assignments);
		ignored = List.copyOf(ignored);
	}

	/** The elements of all assignments. */
	public long parameters() {
		return this.assignments.stream().mapToLong((assignment) -> assignment.value().length()).sum();
	}

	/**
	 * Copies the weights into a graph that has the body, and checks that they cover it.
	 * @param graph a network with Lantern's ResNet body of {@link #layout()} (unfused,
	 * frozen or not)
	 * @param body which layers belong to the body (those must all be covered)
	 * @return the number of layers written
	 * @throws IllegalStateException when the graph does not have the body these weights
	 * were mapped for: a layer or parameter missing or of another shape, a BatchNorm with
	 * another epsilon, or a body parameter left unassigned
	 */
	public int applyTo(ComputationGraph graph, Predicate<String> body) {
		Set<String> assigned = new HashSet<>();
		Set<String> layers = new HashSet<>();
		for (Assignment assignment : this.assignments) {
			Layer layer = graph.getLayer(assignment.layer());
			if (layer == null) {
				throw new IllegalStateException("The network has no layer " + assignment.layer());
			}
			INDArray parameter = layer.paramTable().get(assignment.parameter());
			if (parameter == null || !Arrays.equals(parameter.shape(), assignment.value().shape())) {
				throw new IllegalStateException("Parameter " + assignment.layer() + "/" + assignment.parameter()
						+ " has shape " + ((parameter != null) ? Arrays.toString(parameter.shape()) : "none")
						+ ", the weights have " + Arrays.toString(assignment.value().shape()));
			}
			if (configuration(layer) instanceof BatchNormalization batchNorm
					&& Math.abs(batchNorm.getEps() - this.batchNormEps) > 1e-12) {
				throw new IllegalStateException("BatchNorm " + assignment.layer() + " uses epsilon "
						+ batchNorm.getEps() + ", the weights were converted for " + this.batchNormEps);
			}
			parameter.assign(assignment.value().castTo(parameter.dataType()));
			assigned.add(assignment.layer() + "/" + assignment.parameter());
			layers.add(assignment.layer());
		}
		for (Layer layer : graph.getLayers()) {
			String name = layer.getConfig().getLayerName();
			if (!body.test(name)) {
				continue;
			}
			for (String key : layer.paramTable().keySet()) {
				if (!assigned.contains(name + "/" + key)) {
					throw new IllegalStateException("Parameter " + name + "/" + key + " of the body has no weights");
				}
			}
		}
		return layers.size();
	}

	private static org.deeplearning4j.nn.conf.layers.Layer configuration(Layer layer) {
		org.deeplearning4j.nn.conf.layers.Layer configuration = layer.conf().getLayer();
		while (configuration instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayer frozen) {
			configuration = frozen.getLayer();
		}
		return configuration;
	}

	/**
	 * One parameter of one layer.
	 *
	 * @param layer the DL4J layer name, such as {@code layer1.0.bn1}
	 * @param parameter the parameter key, such as {@code gamma}
	 * @param value the value, in the parameter's shape
	 */
	public record Assignment(String layer, String parameter, INDArray value) {

	}

}
