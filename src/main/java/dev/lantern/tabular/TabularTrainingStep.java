package dev.lantern.tabular;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.NoOpUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * One training step of a network {@link TabularNetwork} built, computed without the
 * graph's layers but on the graph's own parameter and gradient arrays: what
 * {@code graph.fit(batch)} computes, with row-major matrix products (which the backend
 * gives to its fastest product, oneDNN in the CPU build; DL4J's dense layers ask for
 * column-major results, which go to OpenBLAS), embedding rows gathered and their
 * gradients scatter-added on the heap instead of one {@code [n, 1]} input and layer per
 * column, and no merge vertices, copies or workspaces around each layer.
 * <p>
 * Forward and backward are written out here: embeddings, embedding dropout, BatchNorm in
 * training mode (batch mean and biased variance, its running mean and variance moved as
 * DL4J's {@code BatchNormalization} layer moves them: through the gradient array, with
 * DL4J's decay and, for the log10-std storage, the same update of the log), ReLU, dropout
 * (inverted scaling; DL4J's argument is the probability of keeping a unit), the sigmoid
 * output scaled to the y range and DL4J's MSE loss. Only the matrix products go to the
 * backend; bias, ReLU, BatchNorm and their gradients are Java passes over each layer's
 * rows. The update is DL4J's arithmetic: the graph's {@link ComputationGraphUpdater} (the
 * division by the batch size, Adam with DL4J's bias correction, weight decay, the
 * learning rate read from each layer's updater at the graph's iteration counter, so the
 * learning-rate finder's sweep applies), then the parameters minus the gradient array and
 * the iteration counter moved on, as DL4J's solver does; for Adam and weight decay it
 * runs as one pass over the graph's arrays and the updater's state
 * ({@link #fusedUpdate}). The saved model does not change.
 * <p>
 * Dropout draws its masks from its own seeded generator (the gaps between dropped units,
 * see {@link Drops}), so with dropout on the steps are not DL4J's draws; with dropout off
 * they match {@code graph.fit} to float rounding. Not thread-safe; buffers are kept
 * across steps for each batch size seen.
 */
final class TabularTrainingStep {

	/** {@code 1 / (2 ln 10)}, as DL4J's BatchNormalization layer writes it. */
	private static final double ONE_ON_2LOGE_10 = 1.0 / (2 * Math.log(10));

	private final ComputationGraph graph;

	private final Embedding[] embeddings;

	private final int embeddingWidth;

	private final int continuous;

	private final Norm continuousNorm;

	private final double embeddingKeep;

	private final List<Hidden> hidden;

	private final Output output;

	private final double yScale;

	private final double yShift;

	private final SplittableRandom random;

	private final Map<Integer, Buffers> buffers = new HashMap<>();

	private final INDArray gradients;

	/**
	 * Whether the update runs as one pass ({@link #fused}) rather than through DL4J's
	 * updater; tests compare the two.
	 */
	static volatile boolean fusedUpdate = !"false".equals(System.getProperty("lantern.tabular.fusedUpdate"));

	/** Elements per chunk of the one-pass update. */
	private static final int CHUNK = 8192;

	private final float[][] chunk = new float[4][CHUNK];

	/** Steps whose update ran as one pass (for tests). */
	long fusedSteps;

	private TabularTrainingStep(ComputationGraph graph, Embedding[] embeddings, int continuous, Norm continuousNorm,
			double embeddingKeep, List<Hidden> hidden, Output output, double yScale, double yShift, long seed) {
		this.graph = graph;
		this.embeddings = embeddings;
		int width = 0;
		for (Embedding embedding : embeddings) {
			width += embedding.size;
		}
		this.embeddingWidth = width;
		this.continuous = continuous;
		this.continuousNorm = continuousNorm;
		this.embeddingKeep = embeddingKeep;
		this.hidden = hidden;
		this.output = output;
		this.yScale = yScale;
		this.yShift = yShift;
		this.random = new SplittableRandom(seed ^ 0x5EED1L);
		this.gradients = graph.getFlattenedGradients();
	}

	/**
	 * The fast step for a graph, or null when the graph is not one {@link TabularNetwork}
	 * builds (then {@code graph.fit} is the way).
	 * @param graph the network
	 * @param procs its columns, in input order
	 * @param seed seeds the embedding dropout's masks
	 */
	static TabularTrainingStep of(ComputationGraph graph, TabularProcs procs, long seed) {
		ComputationGraphConfiguration configuration = graph.getConfiguration();
		if (configuration.getDataType() != DataType.FLOAT) {
			return null;
		}
		Map<String, List<String>> inputs = configuration.getVertexInputs();
		List<String> categorical = procs.categorical().stream().map(TabularProcs.Categorical::name).toList();
		int continuous = procs.continuous().size();
		if (categorical.isEmpty() && continuous == 0) {
			return null;
		}
		if (graph.getFlattenedGradients() == null) {
			graph.initGradientsView();
		}
		Embedding[] embeddings = new Embedding[categorical.size()];
		List<String> embeddingNames = new ArrayList<>();
		for (int c = 0; c < embeddings.length; c++) {
			String name = "emb_" + categorical.get(c);
			Layer layer = layer(graph, name);
			if (layer == null || !(layer.conf().getLayer() instanceof EmbeddingLayer conf) || conf.hasBias()
					|| !plain(conf) || !isActivation(conf.getActivationFn(), Activation.IDENTITY)
					|| !List.of(TabularNetwork.categoricalInput(categorical.get(c))).equals(inputs.get(name))) {
				return null;
			}
			embeddings[c] = new Embedding(layer.getParam(DefaultParamInitializer.WEIGHT_KEY),
					gradients(layer).get(DefaultParamInitializer.WEIGHT_KEY));
			if (!embeddings[c].laidOut()) {
				return null;
			}
			embeddingNames.add(name);
		}
		List<String> merged = new ArrayList<>();
		double embeddingKeep = 1;
		if (embeddings.length > 0) {
			if (!(vertex(graph, "emb_merge") instanceof MergeVertex)
					|| !embeddingNames.equals(inputs.get("emb_merge"))) {
				return null;
			}
			String last = "emb_merge";
			if (vertex(graph, "emb_drop") != null) {
				embeddingKeep = keep(graph, "emb_drop", last);
				if (!(embeddingKeep > 0)) {
					return null;
				}
				last = "emb_drop";
			}
			merged.add(last);
		}
		Norm continuousNorm = null;
		if (continuous > 0) {
			continuousNorm = Norm.of(layer(graph, "bn_cont"));
			if (continuousNorm == null || !List.of(TabularNetwork.CONTINUOUS_INPUT).equals(inputs.get("bn_cont"))) {
				return null;
			}
			merged.add("bn_cont");
		}
		String last;
		if (merged.size() > 1) {
			if (!(vertex(graph, "merge") instanceof MergeVertex) || !merged.equals(inputs.get("merge"))) {
				return null;
			}
			last = "merge";
		}
		else {
			last = merged.get(0);
		}
		List<Hidden> hidden = new ArrayList<>();
		for (int i = 0; vertex(graph, "dense_" + i) != null; i++) {
			Layer dense = layer(graph, "dense_" + i);
			if (dense == null || !(dense.conf().getLayer() instanceof DenseLayer conf) || !conf.hasBias()
					|| !plain(conf) || !isActivation(conf.getActivationFn(), Activation.RELU)
					|| !List.of(last).equals(inputs.get("dense_" + i))) {
				return null;
			}
			Norm norm = Norm.of(layer(graph, "bn_" + i));
			if (norm == null || !List.of("dense_" + i).equals(inputs.get("bn_" + i))) {
				return null;
			}
			last = "bn_" + i;
			double keep = 1;
			if (vertex(graph, "drop_" + i) != null) {
				keep = keep(graph, "drop_" + i, last);
				if (!(keep > 0)) {
					return null;
				}
				last = "drop_" + i;
			}
			hidden.add(new Hidden(dense(dense), norm, keep));
		}
		Layer out = layer(graph, "linear_out");
		Layer loss = layer(graph, TabularNetwork.OUTPUT);
		if (out == null || !(out.conf().getLayer() instanceof DenseLayer conf) || !conf.hasBias() || !plain(conf)
				|| conf.getNOut() != 1 || !isActivation(conf.getActivationFn(), Activation.SIGMOID)
				|| !List.of(last).equals(inputs.get("linear_out"))
				|| !(vertex(graph, "y_scale") instanceof ScaleVertex scale)
				|| !List.of("linear_out").equals(inputs.get("y_scale"))
				|| !(vertex(graph, "y_shift") instanceof ShiftVertex shift)
				|| !List.of("y_scale").equals(inputs.get("y_shift")) || loss == null
				|| !(loss.conf().getLayer() instanceof LossLayer lossConf) || lossConf.getLossFn() == null
				|| lossConf.getLossFn().getClass() != LossMSE.class
				|| ((LossMSE) lossConf.getLossFn()).getWeights() != null
				|| !isActivation(lossConf.getActivationFn(), Activation.IDENTITY)
				|| !List.of("y_shift").equals(inputs.get(TabularNetwork.OUTPUT))
				|| !configuration.getNetworkOutputs().equals(List.of(TabularNetwork.OUTPUT))) {
			return null;
		}
		return new TabularTrainingStep(graph, embeddings, continuous, continuousNorm, embeddingKeep, hidden,
				new Output(dense(out)), scale.getScaleFactor(), shift.getShiftFactor(), seed);
	}

	/**
	 * Trains on one mini-batch: the training rows {@code order[from..to)}.
	 * @param encoded the encoded training rows
	 * @param order the row order of the epoch (null: rows in order)
	 * @param from the first position in {@code order}
	 * @param to past the last position
	 * @param target each training row's target (the log of the value)
	 * @return the mini-batch's MSE loss, without regularization terms (what
	 * {@code graph.score()} minus the regularization score gives)
	 */
	double fit(TabularProcs.Encoded encoded, int[] order, int from, int to, float[] target) {
		int n = to - from;
		if (n < 1) {
			throw new IllegalArgumentException("An empty mini-batch");
		}
		if (this.graph.getFlattenedGradients() != this.gradients) {
			// The graph made its gradient array again: the views taken are stale.
			throw new IllegalStateException("The graph's gradient array changed under the training step");
		}
		Buffers b = this.buffers.computeIfAbsent(n, this::newBuffers);
		int width = this.embeddingWidth + this.continuous;
		// Forward. The element-wise work runs in one or two passes over heap copies of
		// each layer's arrays; only the matrix products go to the backend.
		gather(encoded, order, from, n, b);
		if (this.continuous > 0) {
			columnSums(b.continuousHost, this.continuous, 0, null, 0, 0, n, this.continuous, b.sum, b.square);
			this.continuousNorm.statistics(b.sum, b.square, n, 1);
			float[] a = this.continuousNorm.a;
			float[] c = this.continuousNorm.c;
			for (int r = 0; r < n; r++) {
				for (int j = 0; j < this.continuous; j++) {
					b.inputHost[r * width + this.embeddingWidth + j] = b.continuousHost[r * this.continuous + j] * a[j]
							+ c[j];
				}
			}
		}
		b.input.data().setData(b.inputHost);
		INDArray x = b.input;
		for (int i = 0; i < this.hidden.size(); i++) {
			Hidden layer = this.hidden.get(i);
			Layers l = b.layers.get(i);
			int w = layer.dense.outputs;
			Nd4j.exec(new Mmul(x, layer.dense.weightsT, l.z, MMulTranspose.builder().transposeB(true).build()));
			biasRelu(l.z.data().asNioFloat(), l.zHost, b.row, layer.dense.bias.toFloatVector(), n, w, b.sum, b.square);
			// Dropout's inverted scaling folded into BatchNorm's scale and shift, then
			// the dropped units zeroed.
			layer.norm.statistics(b.sum, b.square, n, 1 / layer.keep);
			FloatBuffer y = l.y.data().asNioFloat();
			normalize(l.zHost, y, b.row, n, w, layer.norm.a, layer.norm.c);
			if (layer.keep < 1) {
				l.drops.draw(this.random, layer.keep, l.size);
				l.drops.zero(y);
			}
			x = l.y;
		}
		Nd4j.exec(new Mmul(x, this.output.dense.weightsT, b.outZ, MMulTranspose.builder().transposeB(true).build()));
		float[] z = b.outZ.data().asFloat();
		double bias = this.output.dense.bias.getDouble(0);
		float[] dz = b.outDzHost;
		double lossSum = 0;
		double biasGradient = 0;
		for (int i = 0; i < n; i++) {
			// DL4J: sigmoid in float, then the scale and shift vertices, then MSE.
			float s = (float) (1 / (1 + Math.exp(-(float) (z[i] + bias))));
			float y = (float) ((float) (s * this.yScale) + this.yShift);
			float error = y - target[row(order, from + i)];
			lossSum += (double) error * error;
			// d(error^2)/dy = 2 error (DL4J divides by the batch size in the updater).
			float g = (float) (2.0 * error * this.yScale * s * (1 - s));
			dz[i] = g;
			biasGradient += g;
		}
		b.outDz.data().setData(dz);
		// Backward.
		Nd4j.exec(
				new Mmul(b.outDz, x, this.output.dense.weightsGradT, MMulTranspose.builder().transposeA(true).build()));
		this.output.dense.biasGrad.putScalar(0, biasGradient);
		INDArray d = (this.hidden.isEmpty()) ? b.inputGrad : b.layers.get(this.hidden.size() - 1).d;
		Nd4j.exec(new Mmul(b.outDz, this.output.dense.weightsT, d, null));
		for (int i = this.hidden.size() - 1; i >= 0; i--) {
			Hidden layer = this.hidden.get(i);
			Layers l = b.layers.get(i);
			int w = layer.dense.outputs;
			FloatBuffer dy = l.d.data().asNioFloat();
			if (layer.keep < 1) {
				l.drops.zero(dy);
			}
			gradientSums(dy, l.zHost, b.row, b.zRow, n, w, b.sum, b.square);
			layer.norm.backward(b.sum, b.square, n, 1 / layer.keep);
			backThroughNormAndRelu(dy, l.zHost, b.row, b.zRow, n, w, layer.norm.a, layer.norm.c, layer.norm.k, b.sum);
			layer.dense.stageBias(b.sum);
			INDArray in = (i == 0) ? b.input : b.layers.get(i - 1).y;
			Nd4j.exec(new Mmul(l.d, in, layer.dense.weightsGradT, MMulTranspose.builder().transposeA(true).build()));
			INDArray next = (i == 0) ? b.inputGrad : b.layers.get(i - 1).d;
			Nd4j.exec(new Mmul(l.d, layer.dense.weightsT, next, null));
		}
		b.inputGrad.data().asNioFloat().get(0, b.inputGradHost, 0, n * width);
		if (this.continuous > 0) {
			// BatchNorm's gamma and beta gradients only: nothing takes the gradient of
			// the raw continuous values.
			columnSums(b.inputGradHost, width, this.embeddingWidth, b.continuousHost, this.continuous, 0, n,
					this.continuous, b.sum, b.square);
			this.continuousNorm.backward(b.sum, b.square, n, 1);
		}
		scatter(encoded, order, from, n, b);
		update(n);
		return lossSum / n;
	}

	/**
	 * DL4J's update: the graph's updater on its gradient array (batch-size division,
	 * Adam, weight decay, BatchNorm statistics through their no-op updater), then
	 * parameters minus the array, and the iteration counter moved on. When every updater
	 * block is Adam or no-op and every regularization weight decay (what
	 * {@link TabularNetwork} configures), the same arithmetic runs in one pass over the
	 * graph's parameters, gradients and the updater's own state arrays instead
	 * ({@link #fusedUpdate}); the gradient array then keeps the gradients, not the
	 * update.
	 */
	private void update(int n) {
		ComputationGraphUpdater updater = this.graph.getUpdater();
		ComputationGraphConfiguration configuration = this.graph.getConfiguration();
		int iteration = configuration.getIterationCount();
		int epoch = configuration.getEpochCount();
		if (fusedUpdate && fused(updater, iteration, epoch, n)) {
			this.fusedSteps++;
		}
		else {
			updater.update(new DefaultGradient(this.graph.getFlattenedGradients()), iteration, epoch, n,
					LayerWorkspaceMgr.noWorkspaces());
			INDArray params = this.graph.params();
			INDArray gradients = this.graph.getFlattenedGradients();
			params
				.subi(Arrays.equals(params.shape(), gradients.shape()) ? gradients : gradients.reshape(params.shape()));
		}
		configuration.setIterationCount(iteration + 1);
	}

	/**
	 * DL4J's update in one pass per parameter array, or false (nothing changed) when the
	 * updater holds something this pass does not compute. Per parameter, as
	 * {@code BaseMultiLayerUpdater} and {@code UpdaterBlock} do it: the gradient divided
	 * by the batch size when the layer asks for it; Adam as libnd4j's
	 * {@code adam_updater} computes it in float ({@code m = b1 m + (1 - b1) g},
	 * {@code v = b2 v + (1 - b2) g^2}, the update
	 * {@code m * lr sqrt(1 - b2^(t+1)) / (1 - b1^(t+1)) / (sqrt(v) + eps)}, the state in
	 * the block's updater view, m then v); each weight decay in the parameter's list
	 * (each entry applied, as DL4J does; more than two, or another regularization, take
	 * DL4J's updater) adding {@code coefficient * lr * param} to the update; the
	 * parameter minus the update.
	 */
	private boolean fused(ComputationGraphUpdater updater, int iteration, int epoch, int n) {
		if (!this.graph.conf().isMiniBatch()) {
			return false;
		}
		List<UpdaterBlock> blocks = updater.getUpdaterBlocks();
		INDArray state = updater.getStateViewArray();
		INDArray params = this.graph.params();
		INDArray gradients = this.graph.getFlattenedGradients();
		if (params.offset() != 0 || gradients.offset() != 0 || params.length() != gradients.length()
				|| (state != null && state.offset() != 0)) {
			return false;
		}
		int count = 0;
		for (UpdaterBlock block : blocks) {
			GradientUpdater<?> gradientUpdater = block.getGradientUpdater();
			if (block.isPretrainUpdaterBlock()
					|| !(gradientUpdater instanceof AdamUpdater || gradientUpdater instanceof NoOpUpdater)
					|| (gradientUpdater instanceof AdamUpdater && state == null)) {
				return false;
			}
			for (UpdaterBlock.ParamState variable : block.getLayersAndVariablesInBlock()) {
				List<Regularization> regularization = variable.getLayer()
					.getConfig()
					.getRegularizationByParam(variable.getParamName());
				if (regularization != null) {
					for (Regularization r : regularization) {
						if (r.getClass() != WeightDecay.class) {
							return false;
						}
					}
					if (regularization.size() > 2) {
						return false;
					}
				}
				count++;
			}
		}
		FloatBuffer p = params.data().asNioFloat();
		FloatBuffer g = gradients.data().asNioFloat();
		FloatBuffer s = (state != null) ? state.data().asNioFloat() : null;
		float batch = n;
		float[] decay = new float[4];
		for (UpdaterBlock block : blocks) {
			GradientUpdater<?> gradientUpdater = block.getGradientUpdater();
			IUpdater config = gradientUpdater.getConfig();
			double lr = config.hasLearningRate() ? config.getLearningRate(iteration, epoch) : 1.0;
			int blockStart = block.getParamOffsetStart();
			int blockLength = block.getParamOffsetEnd() - blockStart;
			for (UpdaterBlock.ParamState variable : block.getLayersAndVariablesInBlock()) {
				String name = variable.getParamName();
				int from = variable.getParamOffsetStart();
				int to = variable.getParamOffsetEnd();
				boolean divide = variable.getLayer().updaterDivideByMinibatch(name);
				List<Regularization> regularization = variable.getLayer().getConfig().getRegularizationByParam(name);
				int decays = 0;
				if (regularization != null) {
					for (Regularization r : regularization) {
						WeightDecay w = (WeightDecay) r;
						if (decays == decay.length) {
							decay = Arrays.copyOf(decay, decays * 2);
						}
						decay[decays++] = (float) (w.getCoeff().valueAt(iteration, epoch) * (w.isApplyLR() ? lr : 1));
					}
				}
				if (gradientUpdater instanceof AdamUpdater) {
					Adam adam = (Adam) config;
					float beta1 = (float) adam.getBeta1();
					float beta2 = (float) adam.getBeta2();
					float epsilon = (float) adam.getEpsilon();
					float beta1T = (float) Math.pow(beta1, iteration + 1);
					float beta2T = (float) Math.pow(beta2, iteration + 1);
					float step = (float) lr * (float) Math.sqrt(1 - beta2T) / (1 - beta1T);
					if (Float.isNaN(step) || step == 0 || Float.isInfinite(step)) {
						step = epsilon;
					}
					float keep1 = 1 - beta1;
					float keep2 = 1 - beta2;
					int m = block.getUpdaterViewOffsetStart() - blockStart;
					int v = m + blockLength;
					float divisor = divide ? batch : 1f;
					float decay0 = (decays > 0) ? decay[0] : 0f;
					float decay1 = (decays > 1) ? decay[1] : 0f;
					float[] pc = this.chunk[0];
					float[] gc = this.chunk[1];
					float[] mc = this.chunk[2];
					float[] vc = this.chunk[3];
					// In chunks copied to the heap and back: the loop over heap arrays is
					// several times faster than one over the buffers.
					for (int start = from; start < to; start += CHUNK) {
						int length = Math.min(CHUNK, to - start);
						p.get(start, pc, 0, length);
						g.get(start, gc, 0, length);
						s.get(m + start, mc, 0, length);
						s.get(v + start, vc, 0, length);
						for (int i = 0; i < length; i++) {
							float gradient = gc[i] / divisor;
							float mi = beta1 * mc[i] + gradient * keep1;
							float vi = beta2 * vc[i] + gradient * gradient * keep2;
							mc[i] = mi;
							vc[i] = vi;
							float up = mi * step / ((float) Math.sqrt(vi) + epsilon);
							float param = pc[i];
							up = decay0 * param + up;
							up = decay1 * param + up;
							pc[i] = param - up;
						}
						p.put(start, pc, 0, length);
						s.put(m + start, mc, 0, length);
						s.put(v + start, vc, 0, length);
					}
				}
				else {
					for (int i = from; i < to; i++) {
						float up = g.get(i);
						if (divide) {
							up /= batch;
						}
						float param = p.get(i);
						for (int d = 0; d < decays; d++) {
							up = decay[d] * param + up;
						}
						p.put(i, param - up);
					}
				}
			}
		}
		return count > 0;
	}

	/**
	 * The embedding rows of the batch (dropped out and scaled) and the raw continuous
	 * values, into the first layer's input, read from the graph's parameter array (no
	 * INDArray copies).
	 */
	private void gather(TabularProcs.Encoded encoded, int[] order, int from, int n, Buffers b) {
		int width = this.embeddingWidth + this.continuous;
		float[] input = b.inputHost;
		double keep = this.embeddingKeep;
		float scale = (float) (1 / keep);
		FloatBuffer params = (this.embeddings.length > 0) ? this.graph.params().data().asNioFloat() : null;
		int offset = 0;
		for (int c = 0; c < this.embeddings.length; c++) {
			Embedding embedding = this.embeddings[c];
			int[] codes = encoded.codes()[c];
			int rows = embedding.rows;
			// The table in one bulk copy (a few hundred kilobytes for all tables).
			float[] table = embedding.host;
			params.get(embedding.weightsOffset, table, 0, table.length);
			for (int i = 0; i < n; i++) {
				int code = codes[row(order, from + i)];
				if (code < 0 || code >= rows) {
					throw new IllegalArgumentException(
							"Category index " + code + " outside the embedding of " + rows + " rows (input " + c + ")");
				}
				b.codes[c][i] = code;
				int at = i * width + offset;
				for (int k = 0; k < embedding.size; k++) {
					input[at + k] = table[k * rows + code] * scale;
				}
			}
			offset += embedding.size;
		}
		if (keep < 1) {
			// Dropped units: positions in the batch's embedding values [n,
			// embeddingWidth].
			b.embeddingDrops.draw(this.random, keep, n * this.embeddingWidth);
			for (int d = 0; d < b.embeddingDrops.count; d++) {
				int position = b.embeddingDrops.at[d];
				input[(position / this.embeddingWidth) * width + position % this.embeddingWidth] = 0f;
			}
		}
		if (this.continuous > 0) {
			float[] values = b.continuousHost;
			for (int c = 0; c < this.continuous; c++) {
				float[] column = encoded.continuous()[c];
				for (int i = 0; i < n; i++) {
					values[i * this.continuous + c] = column[row(order, from + i)];
				}
			}
		}
	}

	/**
	 * The embedding gradients: each row's gradient (through the dropout mask) added to
	 * the row of its category, in the graph's gradient array.
	 */
	private void scatter(TabularProcs.Encoded encoded, int[] order, int from, int n, Buffers b) {
		if (this.embeddings.length == 0) {
			return;
		}
		int width = this.embeddingWidth + this.continuous;
		float[] grad = b.inputGradHost;
		float scale = (float) (1 / this.embeddingKeep);
		if (this.embeddingKeep < 1) {
			for (int d = 0; d < b.embeddingDrops.count; d++) {
				int position = b.embeddingDrops.at[d];
				grad[(position / this.embeddingWidth) * width + position % this.embeddingWidth] = 0f;
			}
		}
		FloatBuffer gradients = this.graph.getFlattenedGradients().data().asNioFloat();
		int offset = 0;
		for (int c = 0; c < this.embeddings.length; c++) {
			Embedding embedding = this.embeddings[c];
			int rows = embedding.rows;
			int base = embedding.gradientOffset;
			gradients.put(base, embedding.zeros);
			int[] codes = b.codes[c];
			for (int i = 0; i < n; i++) {
				int code = codes[i];
				int at = i * width + offset;
				for (int k = 0; k < embedding.size; k++) {
					int index = base + k * rows + code;
					gradients.put(index, gradients.get(index) + grad[at + k] * scale);
				}
			}
			offset += embedding.size;
		}
	}

	/**
	 * Column sums of {@code x} and, per column, of {@code x * x} ({@code z} null) or of
	 * {@code x * z}: {@code n} rows of {@code w} columns, each array row-major with its
	 * own row stride and first column.
	 */
	static void columnSums(float[] x, int xStride, int xOffset, float[] z, int zStride, int zOffset, int n, int w,
			float[] sum, float[] second) {
		Arrays.fill(sum, 0, w, 0f);
		Arrays.fill(second, 0, w, 0f);
		for (int r = 0; r < n; r++) {
			int xs = r * xStride + xOffset;
			if (z == null) {
				for (int j = 0; j < w; j++) {
					float v = x[xs + j];
					sum[j] += v;
					second[j] += v * v;
				}
			}
			else {
				int zs = r * zStride + zOffset;
				for (int j = 0; j < w; j++) {
					float v = x[xs + j];
					sum[j] += v;
					second[j] += v * z[zs + j];
				}
			}
		}
	}

	/*
	 * The passes below go row by row through a heap copy of the row, indexed from 0 like
	 * the per-column arrays: HotSpot's C2 (Java 17) vectorizes such a loop, and not one
	 * that indexes a whole array at the row's offset next to the per-column arrays.
	 */

	/**
	 * A dense layer's bias and ReLU on its {@code [n, w]} row-major product, into
	 * {@code z} (kept for the backward pass), with the column sums and sums of squares of
	 * the result (BatchNorm's batch statistics).
	 */
	static void biasRelu(FloatBuffer product, float[] z, float[] row, float[] bias, int n, int w, float[] sum,
			float[] square) {
		Arrays.fill(sum, 0, w, 0f);
		Arrays.fill(square, 0, w, 0f);
		for (int r = 0; r < n; r++) {
			product.get(r * w, row, 0, w);
			for (int j = 0; j < w; j++) {
				float v = Math.max(row[j] + bias[j], 0f);
				row[j] = v;
				sum[j] += v;
				square[j] += v * v;
			}
			System.arraycopy(row, 0, z, r * w, w);
		}
	}

	/** BatchNorm's output {@code z * a + c} per column, row by row into {@code out}. */
	static void normalize(float[] z, FloatBuffer out, float[] row, int n, int w, float[] a, float[] c) {
		for (int r = 0; r < n; r++) {
			System.arraycopy(z, r * w, row, 0, w);
			for (int j = 0; j < w; j++) {
				row[j] = row[j] * a[j] + c[j];
			}
			out.put(r * w, row, 0, w);
		}
	}

	/**
	 * The column sums of the gradient {@code d} at BatchNorm's output and of
	 * {@code d * z}, {@code z} BatchNorm's input.
	 */
	static void gradientSums(FloatBuffer d, float[] z, float[] row, float[] zRow, int n, int w, float[] sum,
			float[] product) {
		Arrays.fill(sum, 0, w, 0f);
		Arrays.fill(product, 0, w, 0f);
		for (int r = 0; r < n; r++) {
			d.get(r * w, row, 0, w);
			System.arraycopy(z, r * w, zRow, 0, w);
			for (int j = 0; j < w; j++) {
				float v = row[j];
				sum[j] += v;
				product[j] += v * zRow[j];
			}
		}
	}

	/**
	 * The gradient at BatchNorm's output {@code d} turned, in place, into the gradient
	 * before the ReLU: {@code (d * a + c) + z * k} where {@code z > 0}, else 0, with the
	 * column sums of the result (the bias gradient) into {@code biasSum}. {@code z} is
	 * the ReLU's output, so never negative: {@code min(z * 2^127 * 2^127, 1)} (two
	 * factors, as 2^254 is past a float's range) is 1 for every positive float,
	 * subnormals included, and 0 for zero: a mask C2 vectorizes, where a comparison does
	 * not. A NaN in {@code z} stays NaN, as it does through the forward pass's
	 * {@code Math.max}.
	 */
	static void backThroughNormAndRelu(FloatBuffer d, float[] z, float[] row, float[] zRow, int n, int w, float[] a,
			float[] c, float[] k, float[] biasSum) {
		Arrays.fill(biasSum, 0, w, 0f);
		for (int r = 0; r < n; r++) {
			d.get(r * w, row, 0, w);
			System.arraycopy(z, r * w, zRow, 0, w);
			for (int j = 0; j < w; j++) {
				float zj = zRow[j];
				float v = ((row[j] * a[j] + c[j]) + zj * k[j]) * Math.min(zj * 0x1p127f * 0x1p127f, 1f);
				row[j] = v;
				biasSum[j] += v;
			}
			d.put(r * w, row, 0, w);
		}
	}

	private Buffers newBuffers(int n) {
		return new Buffers(n, this.embeddings.length, this.embeddingWidth, this.continuous, this.hidden);
	}

	private static int row(int[] order, int position) {
		return (order != null) ? order[position] : position;
	}

	/** The arrays of one batch size, kept across steps. */
	private static final class Buffers {

		final float[] inputHost;

		final float[] inputGradHost;

		final INDArray input;

		final INDArray inputGrad;

		final Drops embeddingDrops = new Drops();

		final int[][] codes;

		/** The batch's raw continuous values, {@code [n, continuous]}. */
		final float[] continuousHost;

		/**
		 * Column sums (of a layer's widest row), for BatchNorm and the bias gradients.
		 */
		final float[] sum;

		final float[] square;

		/** One row of a layer's arrays, for the row-by-row passes. */
		final float[] row;

		final float[] zRow;

		final List<Layers> layers = new ArrayList<>();

		final INDArray outZ;

		final INDArray outDz;

		final float[] outDzHost;

		Buffers(int n, int categorical, int embeddingWidth, int continuous, List<Hidden> hidden) {
			int width = embeddingWidth + continuous;
			this.inputHost = new float[n * width];
			this.inputGradHost = new float[n * width];
			this.input = Nd4j.create(DataType.FLOAT, new long[] { n, width }, 'c');
			this.inputGrad = Nd4j.create(DataType.FLOAT, new long[] { n, width }, 'c');
			this.codes = new int[categorical][n];
			this.continuousHost = new float[n * continuous];
			int widest = continuous;
			for (Hidden layer : hidden) {
				widest = Math.max(widest, layer.dense.outputs);
			}
			this.sum = new float[widest];
			this.square = new float[widest];
			this.row = new float[widest];
			this.zRow = new float[widest];
			for (Hidden layer : hidden) {
				this.layers.add(new Layers(n, layer.dense.outputs));
			}
			this.outZ = Nd4j.create(DataType.FLOAT, new long[] { n, 1 }, 'c');
			this.outDz = Nd4j.create(DataType.FLOAT, new long[] { n, 1 }, 'c');
			this.outDzHost = new float[n];
		}

	}

	/** A hidden layer's arrays for one batch size. */
	private static final class Layers {

		/** The dense layer's product (the backend's output). */
		final INDArray z;

		/** BatchNorm's output, dropped out: the next layer's input. */
		final INDArray y;

		/** The gradient at {@code y} (the backend's output), then before the ReLU. */
		final INDArray d;

		/** The product after bias and ReLU (BatchNorm's input), kept for backward. */
		final float[] zHost;

		/** The units dropped this step, as positions in {@code y}. */
		final Drops drops = new Drops();

		final int size;

		Layers(int n, int width) {
			long[] shape = { n, width };
			this.z = Nd4j.create(DataType.FLOAT, shape, 'c');
			this.y = Nd4j.create(DataType.FLOAT, shape, 'c');
			this.d = Nd4j.create(DataType.FLOAT, shape, 'c');
			this.size = n * width;
			this.zHost = new float[this.size];
		}

	}

	/**
	 * The units dropout drops in one step, as positions in a row-major array: each
	 * position is dropped with probability {@code 1 - keep}, independently, drawn as the
	 * gaps between dropped positions (geometric), so a step draws about as many numbers
	 * as units it drops rather than one per unit.
	 */
	static final class Drops {

		int[] at = new int[64];

		int count;

		void draw(SplittableRandom random, double keep, int size) {
			this.count = 0;
			if (keep >= 1) {
				return;
			}
			double logKeep = Math.log(keep);
			long position = -1;
			while (true) {
				double u = 1 - random.nextDouble();
				position += 1 + (long) Math.floor(Math.log(u) / logKeep);
				if (position >= size) {
					return;
				}
				if (this.count == this.at.length) {
					this.at = Arrays.copyOf(this.at, this.count * 2);
				}
				this.at[this.count++] = (int) position;
			}
		}

		/** Zeroes the dropped positions of an array's buffer. */
		void zero(FloatBuffer values) {
			for (int i = 0; i < this.count; i++) {
				values.put(this.at[i], 0f);
			}
		}

	}

	/** An embedding table: views of the graph's parameter and gradient arrays. */
	private static final class Embedding {

		final INDArray weights;

		final INDArray gradient;

		final int rows;

		final int size;

		/**
		 * Where the table starts in the graph's parameter array, and its gradient in the
		 * gradient array: DL4J lays each out column-major, so row {@code r}, column
		 * {@code k} is at {@code offset + k * rows + r}.
		 */
		final int weightsOffset;

		final int gradientOffset;

		final float[] zeros;

		/** The table's values this step. */
		final float[] host;

		Embedding(INDArray weights, INDArray gradient) {
			this.weights = weights;
			this.gradient = gradient;
			this.rows = (int) weights.size(0);
			this.size = (int) weights.size(1);
			this.weightsOffset = Math.toIntExact(weights.offset());
			this.gradientOffset = Math.toIntExact(gradient.offset());
			this.zeros = new float[this.rows * this.size];
			this.host = new float[this.rows * this.size];
		}

		/** Whether the views are column-major and contiguous at their offsets. */
		boolean laidOut() {
			return this.weights.ordering() == 'f' && this.gradient.ordering() == 'f' && this.weights.stride(0) == 1
					&& this.weights.stride(1) == this.rows && this.gradient.stride(0) == 1
					&& this.gradient.stride(1) == this.rows;
		}

	}

	/**
	 * A dense layer: its weights and weight gradient as row-major {@code [out, in]} views
	 * of DL4J's column-major {@code [in, out]} arrays, and its bias.
	 */
	private record Dense(INDArray weightsT, INDArray bias, INDArray weightsGradT, INDArray biasGrad, INDArray stage,
			int outputs) {

		/** Writes the bias gradient. */
		void stageBias(float[] values) {
			this.stage.data().asNioFloat().put(0, values, 0, this.outputs);
			this.biasGrad.assign(this.stage);
		}

	}

	private record Hidden(Dense dense, Norm norm, double keep) {

	}

	private record Output(Dense dense) {

	}

	private static Dense dense(Layer layer) {
		INDArray w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
		INDArray b = layer.getParam(DefaultParamInitializer.BIAS_KEY);
		Map<String, INDArray> gradients = gradients(layer);
		INDArray gw = gradients.get(DefaultParamInitializer.WEIGHT_KEY);
		INDArray gb = gradients.get(DefaultParamInitializer.BIAS_KEY);
		if (w.ordering() != 'f' || gw.ordering() != 'f') {
			throw new IllegalStateException(
					"Dense weights not column-major: " + layer.conf().getLayer().getLayerName());
		}
		INDArray biasGrad = gb.reshape('c', 1, gb.length());
		return new Dense(w.transpose(), b, gw.transpose(), biasGrad, Nd4j.create(DataType.FLOAT, 1, gb.length()),
				(int) w.size(1));
	}

	/**
	 * A BatchNorm layer in training mode, on views of the graph's parameters and
	 * gradients: from the column sums the step computes, the per-column scale and shift
	 * of the forward pass and the coefficients of the backward pass.
	 */
	private static final class Norm {

		private final INDArray gamma;

		private final INDArray beta;

		private final INDArray globalMean;

		private final INDArray globalSpread;

		private final INDArray gammaGrad;

		private final INDArray betaGrad;

		private final INDArray meanGrad;

		private final INDArray spreadGrad;

		private final boolean logStd;

		private final double eps;

		private final double decay;

		private final int width;

		private final INDArray stage;

		private final double[] mean;

		private final double[] std;

		private final double[] unscaledA;

		/** {@code out = in * a + c} (forward), dropout's scaling included. */
		final float[] a;

		/** The forward shift, then the backward pass's shift. */
		final float[] c;

		/** The backward pass's coefficient of the input. */
		final float[] k;

		private final float[] move;

		private final float[] dGamma;

		private final float[] dBeta;

		private Norm(Layer layer, BatchNormalization conf) {
			this.gamma = layer.getParam(BatchNormalizationParamInitializer.GAMMA);
			this.beta = layer.getParam(BatchNormalizationParamInitializer.BETA);
			this.logStd = conf.isUseLogStd();
			String spread = this.logStd ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
					: BatchNormalizationParamInitializer.GLOBAL_VAR;
			this.globalMean = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
			this.globalSpread = layer.getParam(spread);
			Map<String, INDArray> gradients = gradients(layer);
			this.gammaGrad = gradients.get(BatchNormalizationParamInitializer.GAMMA);
			this.betaGrad = gradients.get(BatchNormalizationParamInitializer.BETA);
			this.meanGrad = gradients.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
			this.spreadGrad = gradients.get(spread);
			this.eps = conf.getEps();
			this.decay = conf.getDecay();
			this.width = (int) this.gamma.length();
			this.stage = Nd4j.create(DataType.FLOAT, this.gammaGrad.shape(), this.gammaGrad.ordering());
			this.mean = new double[this.width];
			this.std = new double[this.width];
			this.unscaledA = new double[this.width];
			this.a = new float[this.width];
			this.c = new float[this.width];
			this.k = new float[this.width];
			this.move = new float[this.width];
			this.dGamma = new float[this.width];
			this.dBeta = new float[this.width];
		}

		static Norm of(Layer layer) {
			if (layer == null || !(layer.conf().getLayer() instanceof BatchNormalization conf) || conf.isLockGammaBeta()
					|| !plain(conf) || !isActivation(conf.getActivationFn(), Activation.IDENTITY)) {
				return null;
			}
			return new Norm(layer, conf);
		}

		/**
		 * From the batch's column sums and sums of squares: {@link #a} and {@link #c} for
		 * {@code out = gamma * (z - mean) / sqrt(var + eps) + beta} with the batch's mean
		 * and biased variance, both times {@code scale}, and the running statistics'
		 * moves written into their gradient views (DL4J subtracts them with the
		 * parameters).
		 */
		void statistics(float[] sum, float[] square, int n, double scale) {
			float[] gammaHost = this.gamma.toFloatVector();
			float[] betaHost = this.beta.toFloatVector();
			float[] runningMean = this.globalMean.toFloatVector();
			float[] spread = this.globalSpread.toFloatVector();
			for (int j = 0; j < this.width; j++) {
				double mean = (double) sum[j] / n;
				float m = (float) mean;
				float v = (float) Math.max(0, (double) square[j] / n - mean * mean);
				this.mean[j] = m;
				this.std[j] = Math.sqrt((double) v + this.eps);
				this.unscaledA[j] = gammaHost[j] / this.std[j];
				this.a[j] = (float) (this.unscaledA[j] * scale);
				this.c[j] = (float) ((betaHost[j] - this.mean[j] * this.unscaledA[j]) * scale);
				// DL4J: mean[t+1] = mean[t] - (1 - decay) * (mean[t] - batchMean).
				this.move[j] = (float) ((runningMean[j] - m) * (1 - this.decay));
				if (this.logStd) {
					// DL4J: var[t] = (10^s)^2, var[t+1] = decay var[t] + (1 - decay)
					// batchVar; the move of s is log10 std[t] - log10 std[t+1].
					double std = Math.pow(10, spread[j]);
					double vari = std * std;
					double next = vari * this.decay + v * (1 - this.decay);
					spread[j] = (float) (Math.log(vari / next) * ONE_ON_2LOGE_10);
				}
				else {
					spread[j] = (float) ((spread[j] - v) * (1 - this.decay));
				}
			}
			stage(this.move, this.meanGrad);
			stage(spread, this.spreadGrad);
		}

		/**
		 * From the column sums of the output gradient {@code d} and of {@code d * z}
		 * ({@code z} the input): gamma's and beta's gradients, written into their views,
		 * and {@link #k} and {@link #c} of the gradient at the input,
		 * {@code d * a + c + z * k}.
		 */
		void backward(float[] sum, float[] product, int n, double scale) {
			for (int j = 0; j < this.width; j++) {
				float dBeta = sum[j];
				float s1 = product[j];
				if (scale != 1) {
					dBeta = (float) (dBeta * scale);
					s1 = (float) (s1 * scale);
				}
				this.dBeta[j] = dBeta;
				double g = (s1 - this.mean[j] * dBeta) / this.std[j];
				this.dGamma[j] = (float) g;
				double kj = -this.unscaledA[j] * g / (n * this.std[j]);
				this.k[j] = (float) kj;
				this.c[j] = (float) (-this.unscaledA[j] * dBeta / n - kj * this.mean[j]);
			}
			stage(this.dGamma, this.gammaGrad);
			stage(this.dBeta, this.betaGrad);
		}

		private void stage(float[] values, INDArray target) {
			this.stage.data().setData(values);
			target.assign(this.stage);
		}

	}

	private static Map<String, INDArray> gradients(Layer layer) {
		return layer.conf()
			.getLayer()
			.initializer()
			.getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
	}

	/** The keep probability of a plain dropout layer after {@code input}, or NaN. */
	private static double keep(ComputationGraph graph, String name, String input) {
		Layer layer = layer(graph, name);
		if (layer == null || !(layer.conf().getLayer() instanceof DropoutLayer conf)
				|| !List.of(input).equals(graph.getConfiguration().getVertexInputs().get(name))
				|| !(conf.getIDropout() instanceof Dropout dropout) || dropout.getPSchedule() != null) {
			return Double.NaN;
		}
		return dropout.getP();
	}

	/**
	 * No gradient normalization, input dropout, weight noise or constraints: what the
	 * step does not compute.
	 */
	private static boolean plain(BaseLayer conf) {
		return (conf.getGradientNormalization() == null
				|| conf.getGradientNormalization() == GradientNormalization.None) && conf.getIDropout() == null
				&& conf.getWeightNoise() == null && (conf.getConstraints() == null || conf.getConstraints().isEmpty());
	}

	private static GraphVertex vertex(ComputationGraph graph, String name) {
		GraphVertex vertex = graph.getConfiguration().getVertices().get(name);
		return (vertex instanceof LayerVertex layerVertex && layerVertex.getPreProcessor() != null) ? null : vertex;
	}

	private static Layer layer(ComputationGraph graph, String name) {
		return (vertex(graph, name) instanceof LayerVertex) ? graph.getLayer(name) : null;
	}

	private static boolean isActivation(IActivation function, Activation expected) {
		return function != null && function.getClass() == expected.getActivationFunction().getClass();
	}

}
