package dev.lantern.tabular;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The inference pass of a network {@link TabularNetwork} built, run on copies of its
 * parameters without the graph: the embedding rows and the normalised continuous values
 * are written straight into the first layer's input, dropout is skipped, each BatchNorm
 * is one scale and shift, and every product has a row-major result, which lets the
 * backend use its fastest matrix product (oneDNN in the CPU build; DL4J's dense layers
 * ask for column-major results, which go to OpenBLAS). It computes what
 * {@code graph.output(false, ...)} computes, to float rounding.
 * <p>
 * A copy: parameters changed later (training) are not seen; build a new one. Not
 * thread-safe.
 */
final class TabularForward {

	private final float[][] embeddings;

	private final int[] embeddingWidths;

	private final float[] continuousScale;

	private final float[] continuousShift;

	private final int width;

	private final List<Dense> layers;

	private final double yScale;

	private final double yShift;

	private TabularForward(float[][] embeddings, int[] embeddingWidths, float[] continuousScale,
			float[] continuousShift, List<Dense> layers, double yScale, double yShift) {
		this.embeddings = embeddings;
		this.embeddingWidths = embeddingWidths;
		this.continuousScale = continuousScale;
		this.continuousShift = continuousShift;
		int w = continuousScale.length;
		for (int size : embeddingWidths) {
			w += size;
		}
		this.width = w;
		this.layers = layers;
		this.yScale = yScale;
		this.yShift = yShift;
	}

	/**
	 * A dense layer, its activation and the BatchNorm after it (null for the output
	 * layer), as row-major copies.
	 */
	private record Dense(INDArray weights, INDArray bias, boolean relu, INDArray scale, INDArray shift) {

	}

	/**
	 * The inference pass of a graph, or null when the graph is not one
	 * {@link TabularNetwork} builds (then {@code graph.output} is the way).
	 * @param graph the network
	 * @param procs the procs it was trained with: its columns, in input order
	 */
	static TabularForward of(ComputationGraph graph, TabularProcs procs) {
		List<String> categorical = procs.categorical().stream().map(TabularProcs.Categorical::name).toList();
		int continuous = procs.continuous().size();
		Map<String, GraphVertex> vertices = graph.getConfiguration().getVertices();
		if (graph.getConfiguration().getDataType() != DataType.FLOAT) {
			return null;
		}
		float[][] embeddings = new float[categorical.size()][];
		int[] widths = new int[categorical.size()];
		for (int c = 0; c < categorical.size(); c++) {
			Layer layer = layer(graph, "emb_" + categorical.get(c));
			if (layer == null || !(layer.conf().getLayer() instanceof EmbeddingLayer conf) || conf.hasBias()
					|| !isActivation(conf.getActivationFn(), Activation.IDENTITY)) {
				return null;
			}
			INDArray w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
			embeddings[c] = w.dup('c').data().asFloat();
			widths[c] = (int) w.size(1);
		}
		float[] scale = new float[continuous];
		float[] shift = new float[continuous];
		if (continuous > 0) {
			Layer bn = layer(graph, "bn_cont");
			if (bn == null) {
				return null;
			}
			INDArray[] affine = batchNorm(bn);
			if (affine == null) {
				return null;
			}
			scale = affine[0].data().asFloat();
			shift = affine[1].data().asFloat();
		}
		List<Dense> layers = new ArrayList<>();
		for (int i = 0;; i++) {
			Layer dense = layer(graph, "dense_" + i);
			if (dense == null) {
				break;
			}
			Layer bn = layer(graph, "bn_" + i);
			if (!(dense.conf().getLayer() instanceof DenseLayer conf)
					|| !isActivation(conf.getActivationFn(), Activation.RELU) || bn == null) {
				return null;
			}
			INDArray[] affine = batchNorm(bn);
			if (affine == null) {
				return null;
			}
			layers.add(new Dense(dense.getParam(DefaultParamInitializer.WEIGHT_KEY).dup('c'),
					dense.getParam(DefaultParamInitializer.BIAS_KEY).dup('c'), true, affine[0], affine[1]));
		}
		Layer out = layer(graph, "linear_out");
		if (out == null || !(out.conf().getLayer() instanceof DenseLayer conf)
				|| !isActivation(conf.getActivationFn(), Activation.SIGMOID)
				|| !(vertices.get("y_scale") instanceof ScaleVertex scaleVertex)
				|| !(vertices.get("y_shift") instanceof ShiftVertex shiftVertex)) {
			return null;
		}
		layers.add(new Dense(out.getParam(DefaultParamInitializer.WEIGHT_KEY).dup('c'),
				out.getParam(DefaultParamInitializer.BIAS_KEY).dup('c'), false, null, null));
		return new TabularForward(embeddings, widths, scale, shift, layers, scaleVertex.getScaleFactor(),
				shiftVertex.getShiftFactor());
	}

	/**
	 * The network's output (log target) for rows {@code [from, to)} of the encoded rows.
	 */
	float[] output(TabularProcs.Encoded encoded, int from, int to) {
		int n = to - from;
		float[] input = new float[n * this.width];
		int offset = 0;
		for (int c = 0; c < this.embeddings.length; c++) {
			int[] codes = encoded.codes()[c];
			float[] table = this.embeddings[c];
			int size = this.embeddingWidths[c];
			int rows = table.length / size;
			for (int i = 0; i < n; i++) {
				int code = codes[from + i];
				if (code < 0 || code >= rows) {
					throw new IllegalArgumentException(
							"Category index " + code + " outside the embedding of " + rows + " rows (input " + c + ")");
				}
				System.arraycopy(table, code * size, input, i * this.width + offset, size);
			}
			offset += size;
		}
		for (int c = 0; c < this.continuousScale.length; c++) {
			float[] values = encoded.continuous()[c];
			float scale = this.continuousScale[c];
			float shift = this.continuousShift[c];
			for (int i = 0; i < n; i++) {
				input[i * this.width + offset + c] = values[from + i] * scale + shift;
			}
		}
		INDArray x = Nd4j.create(input, new long[] { n, this.width }, 'c');
		for (Dense layer : this.layers) {
			INDArray z = Nd4j.createUninitialized(DataType.FLOAT, new long[] { n, layer.weights().size(1) }, 'c');
			Nd4j.exec(new Mmul(x, layer.weights(), z, null));
			z.addiRowVector(layer.bias());
			if (layer.relu()) {
				Transforms.relu(z, false);
				z.muliRowVector(layer.scale()).addiRowVector(layer.shift());
			}
			else {
				Transforms.sigmoid(z, false);
			}
			x = z;
		}
		float[] values = x.data().asFloat();
		for (int i = 0; i < values.length; i++) {
			values[i] = (float) (values[i] * this.yScale + this.yShift);
		}
		return values;
	}

	/**
	 * A BatchNorm layer at inference as {@code x * scale + shift}, or null when it is not
	 * DL4J's plain BatchNorm.
	 */
	private static INDArray[] batchNorm(Layer layer) {
		if (!(layer.conf().getLayer() instanceof BatchNormalization conf) || conf.isLockGammaBeta()
				|| !isActivation(conf.getActivationFn(), Activation.IDENTITY)) {
			return null;
		}
		INDArray variance;
		if (conf.isUseLogStd()) {
			// DL4J stores log10 of the standard deviation; its variance is (10^s)^2.
			INDArray std = Transforms.pow(
					Nd4j.valueArrayOf(layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).shape(), 10.0,
							DataType.DOUBLE),
					layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).castTo(DataType.DOUBLE), false);
			variance = std.mul(std);
		}
		else {
			variance = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).castTo(DataType.DOUBLE);
		}
		INDArray gamma = layer.getParam(BatchNormalizationParamInitializer.GAMMA).castTo(DataType.DOUBLE);
		INDArray beta = layer.getParam(BatchNormalizationParamInitializer.BETA).castTo(DataType.DOUBLE);
		INDArray mean = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).castTo(DataType.DOUBLE);
		INDArray scale = gamma.div(Transforms.sqrt(variance.add(conf.getEps()), false));
		INDArray shift = beta.sub(mean.mul(scale));
		return new INDArray[] { scale.castTo(DataType.FLOAT).reshape('c', 1, scale.length()),
				shift.castTo(DataType.FLOAT).reshape('c', 1, shift.length()) };
	}

	private static Layer layer(ComputationGraph graph, String name) {
		return graph.getConfiguration().getVertices().containsKey(name) ? graph.getLayer(name) : null;
	}

	private static boolean isActivation(IActivation function, Activation expected) {
		return function != null && function.getClass() == expected.getActivationFunction().getClass();
	}

}
