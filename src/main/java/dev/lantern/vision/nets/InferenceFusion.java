package dev.lantern.vision.nets;

import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Folds each body BatchNorm into the convolution before it, for serving: in inference
 * BatchNorm is the per-channel affine map {@code y = gamma * (x - mean) / std + beta}, so
 * a convolution {@code W} followed by it equals one convolution with weights
 * {@code W * gamma / std} and bias {@code beta - mean * gamma / std}. The fused network
 * gives the same outputs in inference mode and skips a pass over every activation map.
 */
final class InferenceFusion {

	private InferenceFusion() {
	}

	/**
	 * Copies the trained parameters into a fused graph of the same architecture.
	 * @param source the trained network (unfused, frozen or not)
	 * @param fused a freshly built fused graph
	 */
	static void copy(ComputationGraph source, ComputationGraph fused) {
		for (Layer layer : fused.getLayers()) {
			String name = layer.getConfig().getLayerName();
			Map<String, INDArray> parameters = layer.paramTable();
			if (parameters.isEmpty()) {
				continue;
			}
			if (!name.startsWith(VisionNet.HEAD_PREFIX) && layer.conf().getLayer() instanceof ConvolutionLayer) {
				fold(source.getLayer(name), source.getLayer(ResNetBody.batchNormAfter(name)), layer);
			}
			else {
				parameters.forEach((key, value) -> value.assign(source.getLayer(name).getParam(key)));
			}
		}
	}

	private static void fold(Layer conv, Layer batchNorm, Layer target) {
		INDArray gamma = batchNorm.getParam("gamma");
		INDArray beta = batchNorm.getParam("beta");
		INDArray mean = batchNorm.getParam("mean");
		// DL4J normalizes by sqrt(variance + eps); with useLogStd it stores
		// log10(stdev) and recovers the variance as stdev squared.
		double eps = ((BatchNormalization) batchNorm.conf().getLayer()).getEps();
		INDArray variance;
		if (batchNorm.paramTable().containsKey("log10stdev")) {
			INDArray log10Std = batchNorm.getParam("log10stdev");
			INDArray std = Transforms.pow(log10Std.dup().assign(10), log10Std, true);
			variance = std.mul(std);
		}
		else {
			variance = batchNorm.getParam("var").dup();
		}
		INDArray std = Transforms.sqrt(variance.addi(eps), false);
		INDArray scale = gamma.div(std).reshape(-1);
		INDArray weights = conv.getParam("W").dup();
		long channels = weights.size(0);
		INDArray flat = weights.reshape('c', channels, weights.length() / channels);
		flat.muliColumnVector(scale.reshape(channels, 1));
		target.getParam("W").assign(flat.reshape('c', weights.shape()));
		target.getParam("b")
			.assign(beta.reshape(-1).sub(mean.reshape(-1).mul(scale)).reshape(target.getParam("b").shape()));
	}

}
