package dev.lantern.system.backend.onednn;

import java.util.Map;

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
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A BatchNorm helper for training float NCHW networks on the CPU: libnd4j's
 * {@code batchnorm} and {@code batchnorm_bp} operations (oneDNN's BatchNorm in the oneDNN
 * natives), as DL4J's {@code MKLDNNBatchNormHelper} runs them, with the batch statistics
 * computed by {@link BatchStatistics} instead of ND4J's strided reductions, which took
 * about a tenth of a ResNet training step (docs/performance.md).
 * <p>
 * DL4J has no way to choose a helper class, so {@link TrainingHelpers} puts this one in
 * place of DL4J's oneDNN BatchNorm helper in an initialized network. Other data types and
 * layouts, which {@link TrainingHelpers} does not give it, are answered with
 * {@code null}, so the layer uses its built-in code.
 */
public final class TrainingBatchNormHelper implements BatchNormalizationHelper {

	private static final int CHANNEL_AXIS = 1;

	private final BatchStatistics statistics = new BatchStatistics();

	private INDArray meanCache;

	private INDArray varCache;

	@Override
	public boolean checkSupported(double eps, boolean fixedGammaBeta) {
		return !fixedGammaBeta;
	}

	@Override
	public boolean checkSupported() {
		return true;
	}

	@Override
	public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
			INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
		if (!supported(x, format) || gamma == null || beta == null) {
			return null;
		}
		INDArray m;
		INDArray v;
		if (training) {
			ensureCaches(x.dataType(), x.size(CHANNEL_AXIS));
			this.statistics.compute(x, this.meanCache, this.varCache);
			m = this.meanCache;
			v = this.varCache;
		}
		else {
			m = mean.reshape(mean.length());
			v = var.reshape(var.length());
		}
		INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape());
		DynamicCustomOp op = DynamicCustomOp.builder("batchnorm")
			.addInputs(x, m, v, gamma.reshape(gamma.length()), beta.reshape(beta.length()))
			.addOutputs(out)
			.addIntegerArguments(1, 1, CHANNEL_AXIS)
			.addFloatingPointArguments(eps)
			.build();
		Nd4j.exec(op);
		return out;
	}

	@Override
	public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
			INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
			LayerWorkspaceMgr workspaceMgr) {
		if (!supported(input, format) || gamma == null || beta == null || dGammaView == null
				|| this.meanCache == null) {
			return null;
		}
		INDArray gradient = Shape.hasDefaultStridesForShape(epsilon) ? epsilon : epsilon.dup('c');
		INDArray atInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape());
		INDArray atMean = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(),
				this.meanCache.shape());
		INDArray atVariance = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(),
				this.meanCache.shape());
		DynamicCustomOp op = DynamicCustomOp.builder("batchnorm_bp")
			.addInputs(input, this.meanCache, this.varCache, gamma.reshape(gamma.length()), beta.reshape(beta.length()),
					gradient)
			.addOutputs(atInput, atMean, atVariance, dGammaView.reshape(dGammaView.length()),
					dBetaView.reshape(dBetaView.length()))
			.addIntegerArguments(1, 1, CHANNEL_AXIS)
			.addFloatingPointArguments(eps)
			.build();
		Nd4j.exec(op);
		Gradient result = new DefaultGradient();
		result.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
		result.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
		return new Pair<>(result, atInput);
	}

	@Override
	public INDArray getMeanCache(DataType dataType) {
		return this.meanCache;
	}

	@Override
	public INDArray getVarCache(DataType dataType) {
		return this.varCache;
	}

	@Override
	public Map<String, Long> helperMemoryUse() {
		long bytes = (this.meanCache == null) ? 0 : 2 * this.meanCache.length() * this.meanCache.dataType().width();
		return Map.of("batchStatistics", bytes);
	}

	private static boolean supported(INDArray x, CNN2DFormat format) {
		return x.dataType() == DataType.FLOAT && x.rank() == 4 && format == CNN2DFormat.NCHW;
	}

	private void ensureCaches(DataType type, long channels) {
		if (this.meanCache == null || this.meanCache.length() != channels || this.meanCache.dataType() != type) {
			// Kept across steps (DL4J reads them after the forward pass and in backprop):
			// outside the training workspace.
			try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
				this.meanCache = Nd4j.createUninitialized(type, channels);
				this.varCache = Nd4j.createUninitialized(type, channels);
			}
		}
	}

}
