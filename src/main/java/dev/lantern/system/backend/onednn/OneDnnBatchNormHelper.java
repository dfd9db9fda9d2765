package dev.lantern.system.backend.onednn;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static dev.lantern.system.backend.onednn.OneDnnArrays.address;
import static dev.lantern.system.backend.onednn.OneDnnArrays.contiguous;
import static dev.lantern.system.backend.onednn.OneDnnArrays.direct;

/**
 * A BatchNorm layer's helper that runs oneDNN's training-mode BatchNorm through JavaCPP's
 * presets, with the primitives created once per shape and kept
 * ({@link OneDnnBatchNormPlan}). DL4J's own oneDNN helper computes the batch mean and
 * variance with ND4J reductions, runs oneDNN's inference-mode BatchNorm with them, and
 * corrects oneDNN's backward pass element-wise; here oneDNN computes the statistics in
 * the forward pass and the full gradient in the backward pass. The batch mean and
 * (biased) variance are kept for the layer, which updates its running mean and variance
 * from them exactly as with DL4J's helper ({@link #getMeanCache}, {@link #getVarCache}).
 * Inference uses the mean and variance the layer passes (its running estimates). With
 * {@code blocked}, layers whose channels are a multiple of 16 run on oneDNN's blocked
 * layout (reordered in and out, {@link OneDnnBatchNormPlan}). Float NCHW only (rank-2
 * input arrives as [n, c, 1, 1]), with learned gamma and beta; anything else gets
 * {@code null} and DL4J's built-in code runs. The native objects are freed when the
 * helper becomes unreachable, i.e. with its network.
 */
public final class OneDnnBatchNormHelper implements BatchNormalizationHelper {

	/** Shapes and modes kept per layer. */
	static final int MAX_PLANS = 8;

	private static final Cleaner CLEANER = Cleaner.create();

	private final OneDnnPlanCache<OneDnnBatchNormPlan> plans;

	/** The last training batch's statistics, [c], outside any workspace. */
	private INDArray mean;

	private INDArray variance;

	/** Dense copies of gamma and beta, [c]. */
	private INDArray scale;

	private INDArray shift;

	/** Dense targets for the gamma and beta gradients, [c]. */
	private INDArray diffScale;

	private INDArray diffShift;

	/** Dense copies of the running mean and variance for inference, [c]. */
	private INDArray runningMean;

	private INDArray runningVariance;

	/** Whether layers with a multiple of 16 channels run on oneDNN's blocked layout. */
	private final boolean blocked;

	OneDnnBatchNormHelper(dnnl_engine engine, boolean blocked) {
		this.blocked = blocked;
		this.plans = new OneDnnPlanCache<>(engine, MAX_PLANS);
		CLEANER.register(this, this.plans);
	}

	/**
	 * How many plans (shapes and modes) the helper holds: zero until it has run.
	 * @return the number of cached plans
	 */
	int plans() {
		return this.plans.size();
	}

	@Override
	public boolean checkSupported(double eps, boolean fixedGammaBeta) {
		return !fixedGammaBeta;
	}

	@Override
	public boolean checkSupported() {
		return true;
	}

	@Override
	public Map<String, Long> helperMemoryUse() {
		return Collections.emptyMap();
	}

	@Override
	public synchronized INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
			INDArray mean, INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
		if (!supported(x, format, gamma, beta) || (!training && (!isFloat(mean) || !isFloat(var)))) {
			return null;
		}
		long channels = x.size(1);
		channelArrays(channels);
		this.scale.assign(gamma.reshape(channels));
		this.shift.assign(beta.reshape(channels));
		INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape());
		INDArray target = direct(out) ? out : Nd4j.createUninitialized(DataType.FLOAT, x.shape());
		Pointer[] handles = new Pointer[10];
		handles[OneDnnBatchNormPlan.SRC] = address(contiguous(x));
		handles[OneDnnBatchNormPlan.DST] = address(target);
		handles[OneDnnBatchNormPlan.SCALE] = address(this.scale);
		handles[OneDnnBatchNormPlan.SHIFT] = address(this.shift);
		if (training) {
			handles[OneDnnBatchNormPlan.MEAN] = address(this.mean);
			handles[OneDnnBatchNormPlan.VARIANCE] = address(this.variance);
		}
		else {
			this.runningMean.assign(mean.reshape(channels));
			this.runningVariance.assign(var.reshape(channels));
			handles[OneDnnBatchNormPlan.MEAN] = address(this.runningMean);
			handles[OneDnnBatchNormPlan.VARIANCE] = address(this.runningVariance);
		}
		plan(x.shape(), (float) eps, training ? OneDnnBatchNormPlan.Mode.TRAINING : OneDnnBatchNormPlan.Mode.INFERENCE,
				handles);
		if (target != out) {
			out.assign(target);
		}
		return out;
	}

	@Override
	public synchronized Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape,
			INDArray gamma, INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
			LayerWorkspaceMgr workspaceMgr) {
		if (!supported(input, format, gamma, beta) || !isFloat(epsilon)
				|| !Arrays.equals(epsilon.shape(), input.shape()) || this.mean == null
				|| this.mean.length() != input.size(1) || dGammaView == null || dBetaView == null) {
			return null;
		}
		long channels = input.size(1);
		this.scale.assign(gamma.reshape(channels));
		this.shift.assign(beta.reshape(channels));
		INDArray gradAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
				input.shape());
		INDArray target = direct(gradAtInput) ? gradAtInput : Nd4j.createUninitialized(DataType.FLOAT, input.shape());
		Pointer[] handles = new Pointer[10];
		handles[OneDnnBatchNormPlan.SRC] = address(contiguous(input));
		handles[OneDnnBatchNormPlan.DIFF_DST] = address(contiguous(epsilon));
		handles[OneDnnBatchNormPlan.MEAN] = address(this.mean);
		handles[OneDnnBatchNormPlan.VARIANCE] = address(this.variance);
		handles[OneDnnBatchNormPlan.SCALE] = address(this.scale);
		handles[OneDnnBatchNormPlan.SHIFT] = address(this.shift);
		handles[OneDnnBatchNormPlan.DIFF_SRC] = address(target);
		handles[OneDnnBatchNormPlan.DIFF_SCALE] = address(this.diffScale);
		handles[OneDnnBatchNormPlan.DIFF_SHIFT] = address(this.diffShift);
		plan(input.shape(), (float) eps, OneDnnBatchNormPlan.Mode.BACKWARD, handles);
		if (target != gradAtInput) {
			gradAtInput.assign(target);
		}
		dGammaView.assign(this.diffScale.reshape(dGammaView.shape()));
		dBetaView.assign(this.diffShift.reshape(dBetaView.shape()));
		Gradient gradient = new DefaultGradient();
		gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
		gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
		return new Pair<>(gradient, gradAtInput);
	}

	@Override
	public INDArray getMeanCache(DataType dataType) {
		return this.mean;
	}

	@Override
	public INDArray getVarCache(DataType dataType) {
		return this.variance;
	}

	private static boolean supported(INDArray x, CNN2DFormat format, INDArray gamma, INDArray beta) {
		return x.rank() == 4 && format == CNN2DFormat.NCHW && isFloat(x) && isFloat(gamma) && isFloat(beta)
				&& gamma.length() == x.size(1) && beta.length() == x.size(1);
	}

	private static boolean isFloat(INDArray array) {
		return array != null && array.dataType() == DataType.FLOAT;
	}

	/** The per-channel arrays, outside any workspace, created for the first shape. */
	private void channelArrays(long channels) {
		if (this.scale != null && this.scale.length() == channels) {
			return;
		}
		try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
			this.mean = Nd4j.zeros(DataType.FLOAT, channels);
			this.variance = Nd4j.zeros(DataType.FLOAT, channels);
			this.scale = Nd4j.zeros(DataType.FLOAT, channels);
			this.shift = Nd4j.zeros(DataType.FLOAT, channels);
			this.diffScale = Nd4j.zeros(DataType.FLOAT, channels);
			this.diffShift = Nd4j.zeros(DataType.FLOAT, channels);
			this.runningMean = Nd4j.zeros(DataType.FLOAT, channels);
			this.runningVariance = Nd4j.zeros(DataType.FLOAT, channels);
		}
	}

	/**
	 * Whether a layer of this many channels runs on oneDNN's blocked layout.
	 * @param channels the input's channels
	 * @return {@code true} when the helper was made for it and they fill whole blocks of
	 * 16
	 */
	boolean blocked(long channels) {
		return this.blocked && channels % 16 == 0;
	}

	private void plan(long[] shape, float epsilon, OneDnnBatchNormPlan.Mode mode, Pointer[] handles) {
		boolean onBlocks = blocked(shape[1]);
		this.plans.run(Arrays.toString(shape) + epsilon + mode,
				(engine) -> new OneDnnBatchNormPlan(engine, shape, epsilon, mode, onBlocks), handles);
	}

}
