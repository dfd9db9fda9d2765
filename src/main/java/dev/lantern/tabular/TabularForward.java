package dev.lantern.tabular;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

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
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The inference pass of a network {@link TabularNetwork} built, run on copies of its
 * parameters without the graph. What it does differently from DL4J's layers (their effect
 * together is measured in docs/performance.md):
 * <ul>
 * <li>the embedding rows and the normalised continuous values are written straight into
 * the first layer's input, with a column of ones that carries the first layer's bias (the
 * bias is the last row of its weights: no separate bias pass);</li>
 * <li>each BatchNorm after a hidden layer is folded into the next layer's weights and
 * bias (at inference it is {@code x * scale + shift}, so {@code (x * s + t) W + b} is
 * {@code x (diag(s) W) + (t W + b)}; computed in double, then rounded to float);</li>
 * <li>dropout is skipped, and every product has a row-major result, which lets the
 * backend use its fastest matrix product (oneDNN in the CPU build; DL4J's dense layers
 * ask for column-major results, which go to OpenBLAS);</li>
 * <li>the native buffers of a pass (input and each layer's output, for up to
 * {@link #CHUNK} rows) are allocated once and reused for every chunk of a call, and kept
 * for the next call; on the CPU backend the input is copied into its native array in one
 * bulk copy.</li>
 * </ul>
 * It computes what {@code graph.output(false, ...)} computes, to float rounding.
 * <p>
 * A copy: parameters changed later (training) are not seen; build a new one. Safe to use
 * from several threads: a call takes the kept buffers for itself, and a call that finds
 * them taken allocates its own.
 */
final class TabularForward {

	/** Rows per pass through the network. */
	static final int CHUNK = 4096;

	private final float[][] embeddings;

	private final int[] embeddingWidths;

	private final float[] continuousScale;

	private final float[] continuousShift;

	/** The first layer's input width, the column of ones included. */
	private final int width;

	private final List<Dense> layers;

	/** The output layer's bias, added with the sigmoid (0 when it is the first layer). */
	private final double outputBias;

	private final double yScale;

	private final double yShift;

	/** Whether the input can be written into native memory directly (CPU backend). */
	private final boolean hostMemory = Nd4j.getEnvironment().isCPU();

	/** The buffers of the last call, for the next one; null while a call has them. */
	private final AtomicReference<Buffers> kept = new AtomicReference<>();

	private TabularForward(float[][] embeddings, int[] embeddingWidths, float[] continuousScale,
			float[] continuousShift, List<Dense> layers, double outputBias, double yScale, double yShift) {
		this.embeddings = embeddings;
		this.embeddingWidths = embeddingWidths;
		this.continuousScale = continuousScale;
		this.continuousShift = continuousShift;
		this.width = (int) layers.get(0).weights().size(0);
		this.layers = layers;
		this.outputBias = outputBias;
		this.yScale = yScale;
		this.yShift = yShift;
	}

	/**
	 * A layer's weights (row-major, BatchNorm before it folded in), its bias (null when
	 * it is carried by the weights' last row or added later) and whether ReLU follows.
	 */
	private record Dense(INDArray weights, INDArray bias, boolean relu) {

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
			scale = affine[0].castTo(DataType.FLOAT).data().asFloat();
			shift = affine[1].castTo(DataType.FLOAT).data().asFloat();
		}
		// Each layer in double: weights [in, out], bias [1, out], and the BatchNorm after
		// it as scale and shift [1, out] (null for the output layer).
		List<INDArray[]> dense = new ArrayList<>();
		for (int i = 0;; i++) {
			Layer layer = layer(graph, "dense_" + i);
			if (layer == null) {
				break;
			}
			Layer bn = layer(graph, "bn_" + i);
			if (!(layer.conf().getLayer() instanceof DenseLayer conf)
					|| !isActivation(conf.getActivationFn(), Activation.RELU) || bn == null) {
				return null;
			}
			INDArray[] affine = batchNorm(bn);
			if (affine == null) {
				return null;
			}
			dense.add(new INDArray[] { layer.getParam(DefaultParamInitializer.WEIGHT_KEY).castTo(DataType.DOUBLE),
					layer.getParam(DefaultParamInitializer.BIAS_KEY).castTo(DataType.DOUBLE), affine[0], affine[1] });
		}
		Layer out = layer(graph, "linear_out");
		if (out == null || !(out.conf().getLayer() instanceof DenseLayer conf)
				|| !isActivation(conf.getActivationFn(), Activation.SIGMOID)
				|| !(vertices.get("y_scale") instanceof ScaleVertex scaleVertex)
				|| !(vertices.get("y_shift") instanceof ShiftVertex shiftVertex)) {
			return null;
		}
		dense.add(new INDArray[] { out.getParam(DefaultParamInitializer.WEIGHT_KEY).castTo(DataType.DOUBLE),
				out.getParam(DefaultParamInitializer.BIAS_KEY).castTo(DataType.DOUBLE), null, null });
		int inputWidth = continuous;
		for (int size : widths) {
			inputWidth += size;
		}
		if (dense.get(0)[0].size(0) != inputWidth) {
			return null;
		}
		List<Dense> layers = new ArrayList<>();
		double outputBias = 0;
		for (int i = 0; i < dense.size(); i++) {
			INDArray weights = dense.get(i)[0];
			INDArray bias = dense.get(i)[1].reshape('c', 1, weights.size(1));
			if (i > 0) {
				// The BatchNorm before: (x * s + t) W + b = x (diag(s) W) + (t W + b).
				INDArray s = dense.get(i - 1)[2];
				INDArray t = dense.get(i - 1)[3];
				bias = bias.add(t.mmul(weights));
				weights = weights.mulColumnVector(s.reshape('c', s.length(), 1));
			}
			boolean last = i == dense.size() - 1;
			if (i == 0) {
				// The bias as the weights' last row, multiplied by the input's column of
				// ones.
				weights = Nd4j.concat(0, weights, bias);
				bias = null;
			}
			else if (last) {
				outputBias = bias.getDouble(0);
				bias = null;
			}
			layers.add(new Dense(weights.castTo(DataType.FLOAT).dup('c'),
					(bias != null) ? bias.castTo(DataType.FLOAT).dup('c') : null, !last));
		}
		return new TabularForward(embeddings, widths, scale, shift, layers, outputBias, scaleVertex.getScaleFactor(),
				shiftVertex.getShiftFactor());
	}

	/**
	 * What the buffers an instance keeps take at most, in bytes, for a graph
	 * {@link TabularNetwork} built: native arrays for every dense layer's input and
	 * output over {@link #CHUNK} rows, and the Java copy of the first layer's input.
	 */
	static long bufferBytes(ComputationGraph graph) {
		long floats = 0;
		boolean first = true;
		for (Layer layer : graph.getLayers()) {
			if (layer.conf().getLayer() instanceof DenseLayer conf) {
				floats += conf.getNOut() + (first ? 2 * (conf.getNIn() + 1) : 0);
				first = false;
			}
		}
		return floats * CHUNK * Float.BYTES;
	}

	/**
	 * The network's output (log target) for rows {@code [from, to)} of the encoded rows,
	 * in chunks of at most {@link #CHUNK} rows.
	 */
	float[] output(TabularProcs.Encoded encoded, int from, int to) {
		float[] values = new float[to - from];
		if (to <= from) {
			return values;
		}
		Buffers buffers = take(Math.min(CHUNK, to - from));
		try {
			for (int start = from; start < to; start += CHUNK) {
				int n = Math.min(CHUNK, to - start);
				pass(encoded, start, n, buffers, values, start - from);
			}
		}
		finally {
			keep(buffers);
		}
		return values;
	}

	private void pass(TabularProcs.Encoded encoded, int from, int n, Buffers buffers, float[] values, int at) {
		float[] input = buffers.input;
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
			float[] column = encoded.continuous()[c];
			float scale = this.continuousScale[c];
			float shift = this.continuousShift[c];
			for (int i = 0; i < n; i++) {
				input[i * this.width + offset + c] = column[from + i] * scale + shift;
			}
		}
		INDArray x;
		if (this.hostMemory) {
			// One bulk copy into the native array (the column of ones is in the copy).
			buffers.x.data().asNioFloat().put(0, input, 0, n * this.width);
			x = rows(buffers.x, n);
		}
		else {
			x = Nd4j.create(java.util.Arrays.copyOf(input, n * this.width), new long[] { n, this.width }, 'c');
		}
		try {
			INDArray z = x;
			for (int l = 0; l < this.layers.size(); l++) {
				Dense layer = this.layers.get(l);
				INDArray result = rows(buffers.z[l], n);
				Nd4j.exec(new Mmul(z, layer.weights(), result, null));
				if (layer.bias() != null) {
					result.addiRowVector(layer.bias());
				}
				if (layer.relu()) {
					Transforms.relu(result, false);
				}
				z = result;
			}
			float[] logits = z.data().asFloat();
			for (int i = 0; i < n; i++) {
				double sigmoid = 1 / (1 + Math.exp(-(logits[i] + this.outputBias)));
				values[at + i] = (float) (sigmoid * this.yScale + this.yShift);
			}
		}
		finally {
			if (!this.hostMemory) {
				x.close();
			}
		}
	}

	/** The first n rows of a row-major array (the array itself when it has n rows). */
	private static INDArray rows(INDArray array, int n) {
		return (array.size(0) == n) ? array : array.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
	}

	/**
	 * Frees the kept buffers now (an instance used once, then dropped, would otherwise
	 * hold them until the collector finds it). A later call allocates new ones.
	 */
	void release() {
		Buffers buffers = this.kept.getAndSet(null);
		if (buffers != null) {
			buffers.close();
		}
	}

	/** The kept buffers when they hold enough rows, else new ones. */
	private Buffers take(int rows) {
		Buffers buffers = this.kept.getAndSet(null);
		if (buffers != null && buffers.rows >= rows) {
			return buffers;
		}
		if (buffers != null) {
			buffers.close();
		}
		return new Buffers(rows);
	}

	/** Keeps a call's buffers for the next call (the last call's, when two ran). */
	private void keep(Buffers buffers) {
		Buffers other = this.kept.getAndSet(buffers);
		if (other != null) {
			other.close();
		}
	}

	/** The buffers of a pass over up to {@code rows} rows. */
	private final class Buffers {

		private final int rows;

		/** The first layer's input as Java floats, its column of ones set. */
		private final float[] input;

		/** The first layer's input in native memory; null without host memory. */
		private final INDArray x;

		/** Each layer's output. */
		private final INDArray[] z;

		Buffers(int rows) {
			TabularForward forward = TabularForward.this;
			this.rows = rows;
			this.input = new float[rows * forward.width];
			for (int i = 0; i < rows; i++) {
				this.input[i * forward.width + forward.width - 1] = 1;
			}
			this.x = forward.hostMemory
					? Nd4j.createUninitialized(DataType.FLOAT, new long[] { rows, forward.width }, 'c') : null;
			this.z = new INDArray[forward.layers.size()];
			for (int l = 0; l < this.z.length; l++) {
				this.z[l] = Nd4j.createUninitialized(DataType.FLOAT,
						new long[] { rows, forward.layers.get(l).weights().size(1) }, 'c');
			}
		}

		/** Frees the native buffers now rather than when the collector finds them. */
		void close() {
			TabularBatches.close(this.x);
			TabularBatches.close(this.z);
		}

	}

	/**
	 * A BatchNorm layer at inference as {@code x * scale + shift} (double, [1, n]), or
	 * null when it is not DL4J's plain BatchNorm.
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
		return new INDArray[] { scale.reshape('c', 1, scale.length()), shift.reshape('c', 1, shift.length()) };
	}

	private static Layer layer(ComputationGraph graph, String name) {
		return graph.getConfiguration().getVertices().containsKey(name) ? graph.getLayer(name) : null;
	}

	private static boolean isActivation(IActivation function, Activation expected) {
		return function != null && function.getClass() == expected.getActivationFunction().getClass();
	}

}
