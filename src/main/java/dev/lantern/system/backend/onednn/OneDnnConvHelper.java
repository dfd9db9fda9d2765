package dev.lantern.system.backend.onednn;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static dev.lantern.system.backend.onednn.OneDnnArrays.address;
import static dev.lantern.system.backend.onednn.OneDnnArrays.contiguous;
import static dev.lantern.system.backend.onednn.OneDnnArrays.direct;

/**
 * A convolution layer's helper that calls oneDNN through JavaCPP's presets with the
 * primitives created once per shape and kept ({@link OneDnnConvPlan}), where DL4J's own
 * oneDNN helper has libnd4j create them on every call. One helper per layer; it supports
 * float NCHW convolutions without dilation in Same, Truncate or Strict mode and answers
 * {@code null} for anything else, so that DL4J's built-in code runs. The activation
 * function is applied by ND4J, as DL4J's helper does. The native objects of a helper (at
 * most {@value #MAX_PLANS} plans and a stream) are freed when the helper becomes
 * unreachable, i.e. with its network.
 */
public final class OneDnnConvHelper implements ConvolutionHelper {

	/** Shapes (forward and backward counted apart) kept per layer. */
	static final int MAX_PLANS = 8;

	private static final Cleaner CLEANER = Cleaner.create();

	private final OneDnnPlanCache<OneDnnConvPlan> plans;

	/** Whether the backward pass computes the gradient with respect to the input. */
	private volatile boolean inputGradient = true;

	OneDnnConvHelper(dnnl_engine engine) {
		this.plans = new OneDnnPlanCache<>(engine, MAX_PLANS);
		CLEANER.register(this, this.plans);
	}

	/**
	 * How many plans (shapes, forward and backward apart) the helper holds: zero until it
	 * has run a convolution.
	 * @return the number of cached plans
	 */
	int plans() {
		return this.plans.size();
	}

	/**
	 * Stops computing the gradient with respect to the layer's input, for a layer whose
	 * input is the network's input: in a training step nothing reads it (the graph hands
	 * it to its input vertex), and for the stem of a ResNet it is the most expensive part
	 * of the convolution's backward pass. The backward pass then returns an array of NaN
	 * in its place, so that a caller asking for the input's gradient cannot mistake it
	 * for one.
	 */
	void skipInputGradient() {
		this.inputGradient = false;
	}

	/**
	 * Whether the backward pass computes the gradient with respect to the input.
	 * @return {@code false} after {@link #skipInputGradient()}
	 */
	boolean computesInputGradient() {
		return this.inputGradient;
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
	public INDArray activate(INDArray z, IActivation afn, boolean training) {
		return afn.getActivation(z, training);
	}

	@Override
	public synchronized INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides,
			int[] pad, ConvolutionLayer.AlgoMode mode, ConvolutionLayer.FwdAlgo fwdAlgo,
			ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
		OneDnnConvPlan.Geometry geometry = geometry(input, weights, kernel, strides, pad, convolutionMode, dilation,
				format);
		if (geometry == null || (bias != null && bias.dataType() != DataType.FLOAT)) {
			return null;
		}
		INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, geometry.output());
		INDArray target = direct(out) ? out : Nd4j.createUninitialized(DataType.FLOAT, geometry.output());
		Pointer[] handles = new Pointer[8];
		handles[OneDnnConvPlan.SRC] = address(contiguous(input));
		handles[OneDnnConvPlan.WEIGHTS] = address(contiguous(weights));
		if (bias != null) {
			handles[OneDnnConvPlan.BIAS] = address(contiguous(bias));
		}
		handles[OneDnnConvPlan.DST] = address(target);
		plan(geometry, bias != null, false, true, handles);
		if (target != out) {
			out.assign(target);
		}
		return out;
	}

	@Override
	public synchronized Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias,
			INDArray delta, int[] kernel, int[] strides, int[] pad, INDArray biasGradView, INDArray weightGradView,
			IActivation afn, ConvolutionLayer.AlgoMode mode, ConvolutionLayer.BwdFilterAlgo bwdFilterAlgo,
			ConvolutionLayer.BwdDataAlgo bwdDataAlgo, ConvolutionMode convolutionMode, int[] dilation,
			CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
		OneDnnConvPlan.Geometry geometry = geometry(input, weights, kernel, strides, pad, convolutionMode, dilation,
				format);
		if (geometry == null || delta.dataType() != DataType.FLOAT || !Arrays.equals(delta.shape(), geometry.output())
				|| weightGradView.dataType() != DataType.FLOAT
				|| (biasGradView != null && biasGradView.dataType() != DataType.FLOAT)) {
			return null;
		}
		boolean dataGradient = this.inputGradient;
		INDArray gradAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
				input.shape());
		INDArray inputTarget = (!dataGradient || direct(gradAtInput)) ? gradAtInput
				: Nd4j.createUninitialized(DataType.FLOAT, input.shape());
		INDArray weightTarget = direct(weightGradView) ? weightGradView
				: Nd4j.createUninitialized(DataType.FLOAT, weights.shape());
		INDArray biasTarget = (biasGradView == null || direct(biasGradView)) ? biasGradView
				: Nd4j.createUninitialized(DataType.FLOAT, biasGradView.shape());
		Pointer[] handles = new Pointer[8];
		handles[OneDnnConvPlan.SRC] = address(contiguous(input));
		handles[OneDnnConvPlan.WEIGHTS] = address(contiguous(weights));
		handles[OneDnnConvPlan.DIFF_DST] = address(contiguous(delta));
		if (dataGradient) {
			handles[OneDnnConvPlan.DIFF_SRC] = address(inputTarget);
		}
		handles[OneDnnConvPlan.DIFF_WEIGHTS] = address(weightTarget);
		if (biasTarget != null) {
			handles[OneDnnConvPlan.DIFF_BIAS] = address(biasTarget);
		}
		plan(geometry, biasGradView != null, true, dataGradient, handles);
		if (!dataGradient) {
			gradAtInput.assign(Float.NaN);
		}
		if (inputTarget != gradAtInput) {
			gradAtInput.assign(inputTarget);
		}
		if (weightTarget != weightGradView) {
			weightGradView.assign(weightTarget);
		}
		if (biasTarget != biasGradView) {
			biasGradView.assign(biasTarget);
		}
		Gradient gradient = new DefaultGradient();
		if (biasGradView != null) {
			gradient.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
		}
		gradient.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
		return new Pair<>(gradient, gradAtInput);
	}

	/**
	 * The convolution's shapes and padding, or {@code null} if this helper cannot run it.
	 */
	static OneDnnConvPlan.Geometry geometry(INDArray input, INDArray weights, int[] kernel, int[] strides, int[] pad,
			ConvolutionMode mode, int[] dilation, CNN2DFormat format) {
		if (format != CNN2DFormat.NCHW || input.rank() != 4 || weights.rank() != 4 || input.dataType() != DataType.FLOAT
				|| weights.dataType() != DataType.FLOAT || (dilation != null && (dilation[0] != 1 || dilation[1] != 1))
				|| input.size(1) != weights.size(1) || weights.size(2) != kernel[0] || weights.size(3) != kernel[1]) {
			return null;
		}
		if (mode != ConvolutionMode.Same && mode != ConvolutionMode.Truncate && mode != ConvolutionMode.Strict) {
			return null;
		}
		int[] unit = { 1, 1 };
		int[] in = { (int) input.size(2), (int) input.size(3) };
		int[] out = ConvolutionUtils.getOutputSize(input, kernel, strides, (mode == ConvolutionMode.Same) ? null : pad,
				mode, unit, format);
		int[] left = (mode == ConvolutionMode.Same)
				? ConvolutionUtils.getSameModeTopLeftPadding(out, in, kernel, strides, unit) : pad;
		long[] right = new long[2];
		for (int i = 0; i < 2; i++) {
			right[i] = (long) (out[i] - 1) * strides[i] + kernel[i] - in[i] - left[i];
			// a negative right padding drops the last rows or columns (Truncate mode)
			if (left[i] < 0) {
				return null;
			}
		}
		return new OneDnnConvPlan.Geometry(input.shape(), weights.shape(),
				new long[] { input.size(0), weights.size(0), out[0], out[1] }, new long[] { strides[0], strides[1] },
				new long[] { left[0], left[1] }, right);
	}

	private void plan(OneDnnConvPlan.Geometry geometry, boolean bias, boolean backward, boolean dataGradient,
			Pointer[] handles) {
		this.plans.run(geometry.key() + bias + backward + dataGradient,
				(engine) -> new OneDnnConvPlan(engine, geometry, bias, backward, dataGradient), handles);
	}

}
