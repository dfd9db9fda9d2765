package dev.lantern.tabular;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;

import dev.lantern.models.ServableModel;

/**
 * A loaded tabular model version: the network, the procs fitted at training, the schema
 * and the feature pipeline. Not thread-safe; each worker gets its own copy.
 */
final class TabularModel implements ServableModel {

	private final ComputationGraph graph;

	private final TabularProcs procs;

	private final TabularSchema schema;

	private final FeaturePipeline features;

	/** The inference pass, built at the first prediction; null until then. */
	private TabularForward forward;

	private boolean forwardChecked;

	private final long activationBytesPerRow;

	/** Rows per forward pass: the runtime may lower it under its memory budget. */
	private int rowsPerPass = TabularBatches.INFERENCE_CHUNK;

	TabularModel(ComputationGraph graph, TabularProcs procs, TabularSchema schema, FeaturePipeline features) {
		this(graph, procs, schema, features, activationBytesPerRow(graph));
	}

	private TabularModel(ComputationGraph graph, TabularProcs procs, TabularSchema schema, FeaturePipeline features,
			long activationBytesPerRow) {
		this.graph = graph;
		this.procs = procs;
		this.schema = schema;
		this.features = features;
		this.activationBytesPerRow = activationBytesPerRow;
	}

	ComputationGraph graph() {
		return this.graph;
	}

	TabularProcs procs() {
		return this.procs;
	}

	TabularSchema schema() {
		return this.schema;
	}

	/** The encoded rows of some raw rows: the features, then the procs. */
	TabularProcs.Encoded encode(Frame raw) {
		return this.procs.apply(this.features.build(raw));
	}

	/** Predicts raw rows (one request's rows: event features look across them). */
	List<TabularPrediction> predict(Frame raw) {
		return predict(List.of(raw)).get(0);
	}

	/**
	 * Predicts several groups of raw rows in one forward pass; features are built per
	 * group.
	 */
	List<List<TabularPrediction>> predict(List<Frame> groups) {
		List<TabularProcs.Encoded> encoded = groups.stream().map(this::encode).toList();
		TabularProcs.Encoded all = concat(encoded);
		float[] log = predictLog(all);
		List<List<TabularPrediction>> results = new ArrayList<>();
		int offset = 0;
		for (TabularProcs.Encoded group : encoded) {
			List<TabularPrediction> predictions = new ArrayList<>(group.rows());
			for (int i = 0; i < group.rows(); i++) {
				predictions.add(new TabularPrediction(Math.exp(log[offset + i]), unseen(group, i)));
			}
			results.add(predictions);
			offset += group.rows();
		}
		return results;
	}

	/**
	 * The network's output for encoded rows: through {@link TabularForward}, built once
	 * (the parameters of a served model do not change), when the graph allows it.
	 */
	float[] predictLog(TabularProcs.Encoded encoded) {
		if (!this.forwardChecked) {
			this.forward = TabularForward.of(this.graph, this.procs);
			this.forwardChecked = true;
		}
		return (this.forward != null) ? TabularBatches.predictLog(this.forward, encoded, this.rowsPerPass)
				: TabularBatches.predictLog(this.graph, encoded, this.rowsPerPass);
	}

	private List<String> unseen(TabularProcs.Encoded encoded, int row) {
		List<String> columns = List.of();
		for (int c = 0; c < encoded.unseen().length; c++) {
			if (encoded.unseen()[c].get(row)) {
				if (columns.isEmpty()) {
					columns = new ArrayList<>();
				}
				columns.add(this.procs.categorical().get(c).name());
			}
		}
		return columns;
	}

	static TabularProcs.Encoded concat(List<TabularProcs.Encoded> parts) {
		if (parts.size() == 1) {
			return parts.get(0);
		}
		int rows = parts.stream().mapToInt(TabularProcs.Encoded::rows).sum();
		TabularProcs.Encoded first = parts.get(0);
		int[][] codes = new int[first.codes().length][rows];
		float[][] continuous = new float[first.continuous().length][rows];
		BitSet[] unseen = new BitSet[first.unseen().length];
		for (int c = 0; c < unseen.length; c++) {
			unseen[c] = new BitSet(rows);
		}
		int offset = 0;
		for (TabularProcs.Encoded part : parts) {
			for (int c = 0; c < codes.length; c++) {
				System.arraycopy(part.codes()[c], 0, codes[c], offset, part.rows());
				int base = offset;
				BitSet target = unseen[c];
				part.unseen()[c].stream().forEach((i) -> target.set(base + i));
			}
			for (int c = 0; c < continuous.length; c++) {
				System.arraycopy(part.continuous()[c], 0, continuous[c], offset, part.rows());
			}
			offset += part.rows();
		}
		return new TabularProcs.Encoded(rows, codes, continuous, unseen);
	}

	@Override
	public ServableModel copyForWorker() {
		return new TabularModel(this.graph.clone(), this.procs, this.schema, this.features, this.activationBytesPerRow);
	}

	/**
	 * Float parameters (loaded without updater state), twice: the graph's and the
	 * inference pass's row-major copies. The buffers the inference pass keeps (a pass's
	 * rows times the layer widths) are the activations, counted per row apart
	 * ({@link #activationBytesPerExample()} times the rows of a pass).
	 */
	@Override
	public long estimatedBytes() {
		return this.graph.numParams() * 4L * 2;
	}

	/** One row: see {@link #activationBytesPerRow(ComputationGraph)}. */
	@Override
	public long activationBytesPerExample() {
		return this.activationBytesPerRow;
	}

	/** A prediction runs in passes of at most 4096 rows whatever the batch. */
	@Override
	public int largestPass(int maxBatchSize) {
		return TabularBatches.INFERENCE_CHUNK;
	}

	@Override
	public void limitExamplesPerPass(int examples) {
		this.rowsPerPass = Math.max(1, Math.min(TabularBatches.INFERENCE_CHUNK, examples));
	}

	/**
	 * The native memory one row takes in a forward pass, from the network's layer widths:
	 * every layer's input and output in float (an embedding's input is one index), as if
	 * all layers were alive at once, and at least what the inference pass keeps per row
	 * ({@link TabularForward#bufferBytes}). DL4J's graph keeps more than the inference
	 * pass, and this covers both.
	 */
	static long activationBytesPerRow(ComputationGraph graph) {
		long values = 0;
		for (GraphVertex vertex : graph.getConfiguration().getVertices().values()) {
			if (vertex instanceof LayerVertex layerVertex
					&& layerVertex.getLayerConf().getLayer() instanceof FeedForwardLayer layer) {
				values += ((layer instanceof EmbeddingLayer) ? 1 : layer.getNIn()) + layer.getNOut();
			}
		}
		return Math.max(values * Float.BYTES, TabularForward.bufferBytes(graph) / TabularForward.CHUNK);
	}

}
