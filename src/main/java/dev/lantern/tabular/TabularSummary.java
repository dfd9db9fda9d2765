package dev.lantern.tabular;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

import dev.lantern.models.Operation;

/**
 * The equivalent of fastai's {@code learn.summary()} and {@code learn.model}: every layer
 * and vertex in order with its inputs, output shape and parameter count, and the
 * embedding size of every categorical column.
 *
 * @param layers the layers and vertices in topological order
 * @param embeddings one per categorical column
 * @param continuousInputs the number of continuous inputs
 * @param totalParameters all parameters
 * @param yRange the output range (log of the target)
 */
record TabularSummary(List<LayerSummary> layers, List<EmbeddingSummary> embeddings, int continuousInputs,
		long totalParameters, List<Double> yRange) {

	/**
	 * One layer or vertex.
	 *
	 * @param name its name
	 * @param type the DL4J type ({@code EmbeddingLayer}, {@code DenseLayer},
	 * {@code MergeVertex}, ...)
	 * @param inputs the names of its inputs
	 * @param outputShape the shape of its output, -1 for the batch
	 * @param parameters its parameter count
	 * @param activation its activation, or null
	 */
	record LayerSummary(String name, String type, List<String> inputs, List<Long> outputShape, long parameters,
			String activation) {

	}

	/**
	 * A categorical column's embedding.
	 *
	 * @param column the column
	 * @param classes how many classes ({@code #na#} included)
	 * @param size the embedding size
	 */
	record EmbeddingSummary(String column, int classes, int size) {

	}

	static TabularSummary of(TabularModel model) {
		ComputationGraph graph = model.graph();
		ComputationGraphConfiguration configuration = graph.getConfiguration();
		Map<String, Long> widths = new HashMap<>();
		for (TabularProcs.Categorical column : model.procs().categorical()) {
			widths.put(TabularNetwork.categoricalInput(column.name()), 1L);
		}
		widths.put(TabularNetwork.CONTINUOUS_INPUT, (long) model.procs().continuous().size());
		List<LayerSummary> layers = new ArrayList<>();
		for (String name : configuration.getTopologicalOrderStr()) {
			GraphVertex vertex = configuration.getVertices().get(name);
			if (vertex == null) {
				continue;
			}
			List<String> inputs = configuration.getVertexInputs().getOrDefault(name, List.of());
			long width;
			String type;
			String activation = null;
			long parameters = 0;
			if (vertex instanceof LayerVertex layerVertex) {
				Layer layer = layerVertex.getLayerConf().getLayer();
				type = layer.getClass().getSimpleName();
				width = (layer instanceof FeedForwardLayer feedForward && feedForward.getNOut() > 0)
						? feedForward.getNOut() : widths.getOrDefault(inputs.get(0), 0L);
				if (layer instanceof DropoutLayer) {
					width = widths.getOrDefault(inputs.get(0), 0L);
				}
				if (layer instanceof BaseLayer base && base.getActivationFn() != null) {
					activation = base.getActivationFn().toString();
				}
				parameters = graph.getLayer(name).numParams();
			}
			else {
				type = vertex.getClass().getSimpleName();
				width = (vertex instanceof MergeVertex)
						? inputs.stream().mapToLong((input) -> widths.getOrDefault(input, 0L)).sum()
						: widths.getOrDefault(inputs.get(0), 0L);
			}
			widths.put(name, width);
			layers.add(new LayerSummary(name, type, inputs, List.of(-1L, width), parameters, activation));
		}
		List<EmbeddingSummary> embeddings = model.procs()
			.categorical()
			.stream()
			.map((column) -> new EmbeddingSummary(column.name(), column.cardinality(),
					TabularNetwork.embeddingSize(column.cardinality())))
			.toList();
		return new TabularSummary(layers, embeddings, model.procs().continuous().size(), graph.numParams(),
				List.of(0.0, model.schema().yMax()));
	}

	/** The summary as an operation the inference workers run on their model copy. */
	static final class SummaryOperation implements Operation<TabularModel, Boolean, TabularSummary> {

		static final SummaryOperation INSTANCE = new SummaryOperation();

		@Override
		public String modelKind() {
			return TabularArtifacts.KIND;
		}

		@Override
		public String name() {
			return "summary";
		}

		@Override
		public boolean batchable() {
			return false;
		}

		@Override
		public List<TabularSummary> apply(TabularModel model, List<Boolean> inputs) {
			TabularSummary summary = of(model);
			return inputs.stream().map((input) -> summary).toList();
		}

	}

}
