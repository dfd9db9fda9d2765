package dev.lantern.vision.nets;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.zoo.model.ResNet50;

/**
 * The DL4J zoo's ResNet-50 with its classifier (the vertex the zoo calls {@code avgpool},
 * a 3x3 max pooling, and what follows) replaced by a fastai head. Its layers keep the
 * zoo's names, so the zoo's pretrained archive copies in by name.
 */
final class ZooResNet50 {

	/** The zoo vertex whose input is the body's last activation. */
	private static final String ZOO_POOL = "avgpool";

	/**
	 * The input size the zoo's graph is configured for. Its convolutions take any size;
	 * the classifier it is configured with (removed here) needs at least this.
	 */
	private static final int ZOO_SIZE = 224;

	/** The channels of the body's output. */
	static final int OUT_CHANNELS = 2048;

	private ZooResNet50() {
	}

	/** The zoo's body with a fastai head; the second value is the body output's name. */
	static BuiltNet build(NetSpec spec, FineTuneConfiguration training) {
		ComputationGraph zoo = ResNet50.builder()
			.numClasses(spec.classes())
			.seed(spec.seed())
			.inputShape(new int[] { 3, ZOO_SIZE, ZOO_SIZE })
			.build()
			.init();
		Map<String, List<String>> inputs = zoo.getConfiguration().getVertexInputs();
		String bodyOutput = inputs.get(ZOO_POOL).get(0);
		TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(zoo).fineTuneConfiguration(training);
		for (String name : downstreamOf(ZOO_POOL, inputs)) {
			builder.removeVertexAndConnections(name);
		}
		FastaiHead.add(new FastaiHead.Sink() {

			@Override
			public void layer(String name, Layer layer, String... layerInputs) {
				builder.addLayer(name, layer, layerInputs);
			}

			@Override
			public void vertex(String name, GraphVertex vertex, String... vertexInputs) {
				builder.addVertex(name, vertex, vertexInputs);
			}

		}, bodyOutput, OUT_CHANNELS, spec.classes(), spec.head());
		builder.setOutputs(VisionNet.OUTPUT);
		return new BuiltNet(VisionNets.withTrainingCache(builder.build()), bodyOutput);
	}

	/**
	 * The zoo's configuration at the spec's image size with its own classifier, for
	 * estimates: allocates nothing. Below the size the zoo's classifier needs, the
	 * estimate is made at that size.
	 */
	static ComputationGraphConfiguration configuration(NetSpec spec) {
		int size = Math.max(spec.imageSize(), ZOO_SIZE);
		return ResNet50.builder()
			.numClasses(spec.classes())
			.seed(spec.seed())
			.inputShape(new int[] { 3, size, size })
			.build()
			.graphBuilder()
			.build();
	}

	/** {@code start} and every vertex fed by it, directly or not. */
	private static Set<String> downstreamOf(String start, Map<String, List<String>> inputs) {
		Set<String> found = new HashSet<>();
		Deque<String> pending = new ArrayDeque<>(List.of(start));
		while (!pending.isEmpty()) {
			String vertex = pending.pop();
			if (found.add(vertex)) {
				inputs.forEach((name, from) -> {
					if (from.contains(vertex)) {
						pending.push(name);
					}
				});
			}
		}
		return found;
	}

}
