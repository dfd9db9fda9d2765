package dev.lantern.system.backend.onednn;

import java.lang.ref.Cleaner;
import java.util.Arrays;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.lantern.system.backend.onednn.OneDnnArrays.address;
import static dev.lantern.system.backend.onednn.OneDnnArrays.contiguous;
import static dev.lantern.system.backend.onednn.OneDnnArrays.direct;

/**
 * A ReLU activation layer of a training network that runs through oneDNN's ReLU
 * ({@link OneDnnReluPlan}, created once per length and kept). DL4J's
 * {@code ActivationLayer} copies its input before it applies ReLU in place, and in the
 * backward pass copies the input again and runs libnd4j's ReLU derivative, which calls a
 * {@code std::function} per element; here the forward pass writes {@code max(x, 0)}
 * straight into the output and the backward pass writes the output gradient, masked where
 * the input is not positive, straight into the input gradient. It stands in for the
 * runtime layer only: the network's configuration, and so every saved model, still says
 * {@code ActivationLayer} with ReLU. Inference, float arrays that are not dense, and
 * other data types take DL4J's code, and so does everything after a oneDNN failure
 * (logged once). The native objects are freed when the layer becomes unreachable, i.e.
 * with its network.
 */
public final class OneDnnReluLayer extends ActivationLayer {

	/** Lengths and directions kept per layer. */
	static final int MAX_PLANS = 4;

	private static final Logger log = LoggerFactory.getLogger(OneDnnReluLayer.class);

	private static final Cleaner CLEANER = Cleaner.create();

	private final transient OneDnnPlanCache<OneDnnReluPlan> plans;

	private transient boolean failed;

	/**
	 * A layer that takes the place of {@code replaced} (same configuration, index and
	 * listeners).
	 * @param replaced DL4J's ReLU layer
	 * @param dataType the network's data type
	 * @param engine the CPU engine
	 */
	OneDnnReluLayer(ActivationLayer replaced, DataType dataType, dnnl_engine engine) {
		super(replaced.conf(), dataType);
		setIndex(replaced.getIndex());
		setListeners(replaced.getListeners());
		this.plans = new OneDnnPlanCache<>(engine, MAX_PLANS);
		CLEANER.register(this, this.plans);
	}

	/**
	 * Whether a layer of this configuration can be replaced: a plain ReLU (no cap, no
	 * threshold, no negative slope) without dropout.
	 * @param conf the layer's configuration
	 * @return whether {@link OneDnnReluLayer} computes what it computes
	 */
	static boolean replaces(NeuralNetConfiguration conf) {
		return conf.getLayer() instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer activation
				&& activation.getIDropout() == null && activation.getActivationFn() instanceof ActivationReLU relu
				&& relu.getMax() == null && isZero(relu.getThreshold()) && isZero(relu.getNegativeSlope());
	}

	private static boolean isZero(Double value) {
		return value == null || value == 0.0;
	}

	/**
	 * Whether oneDNN has failed on this layer, which then runs DL4J's code.
	 * @return {@code true} after a failure
	 */
	public boolean failed() {
		return this.failed;
	}

	/**
	 * How many plans (lengths and directions) the layer holds: zero until it has run.
	 * @return the number of cached plans
	 */
	int plans() {
		return this.plans.size();
	}

	@Override
	public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
		assertInputSet(false);
		if (!training || this.failed || !isFloat(this.input)) {
			return super.activate(training, workspaceMgr);
		}
		INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, this.input.shape(), 'c');
		if (!direct(out)) {
			return super.activate(true, workspaceMgr);
		}
		Pointer[] handles = new Pointer[4];
		handles[OneDnnReluPlan.SRC] = address(contiguous(this.input));
		handles[OneDnnReluPlan.DST] = address(out);
		return run(this.input.length(), false, handles) ? out : super.activate(true, workspaceMgr);
	}

	@Override
	public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
		assertInputSet(true);
		if (this.failed || !isFloat(this.input) || !isFloat(epsilon)
				|| !Arrays.equals(epsilon.shape(), this.input.shape())) {
			return super.backpropGradient(epsilon, workspaceMgr);
		}
		INDArray gradAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
				this.input.shape(), 'c');
		if (!direct(gradAtInput)) {
			return super.backpropGradient(epsilon, workspaceMgr);
		}
		Pointer[] handles = new Pointer[4];
		handles[OneDnnReluPlan.SRC] = address(contiguous(this.input));
		handles[OneDnnReluPlan.DIFF_DST] = address(contiguous(epsilon));
		handles[OneDnnReluPlan.DIFF_SRC] = address(gradAtInput);
		if (!run(this.input.length(), true, handles)) {
			return super.backpropGradient(epsilon, workspaceMgr);
		}
		return new Pair<>(new DefaultGradient(), gradAtInput);
	}

	private boolean run(long length, boolean backward, Pointer[] handles) {
		try {
			this.plans.run(length + (backward ? " backward" : " forward"),
					(engine) -> new OneDnnReluPlan(engine, length, backward), handles);
			return true;
		}
		catch (RuntimeException ex) {
			this.failed = true;
			log.warn("oneDNN ReLU failed in layer {}, which falls back to DL4J's code: {}", layerId(), ex.toString());
			return false;
		}
	}

	private static boolean isFloat(INDArray array) {
		return array != null && array.dataType() == DataType.FLOAT;
	}

}
