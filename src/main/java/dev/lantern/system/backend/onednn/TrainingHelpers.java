package dev.lantern.system.backend.onednn;

import java.lang.reflect.Field;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts Lantern's training helpers in place of DL4J's oneDNN helpers in an initialized
 * network: {@link TrainingBatchNormHelper} for every float NCHW BatchNorm layer that DL4J
 * gave {@code MKLDNNBatchNormHelper}.
 * <p>
 * Only layers that already have DL4J's oneDNN helper are changed, so nothing happens with
 * the helpers switched off ({@link OneDnnHelpers}), on the CUDA backend (where DL4J
 * chooses cuDNN's helpers or none) or for double networks. DL4J creates a layer's helper
 * when it creates the layer (building, cloning or restoring a network), so this runs
 * again on every network built for training.
 */
public final class TrainingHelpers {

	private static final Logger log = LoggerFactory.getLogger(TrainingHelpers.class);

	private static final Field BATCH_NORM_HELPER = helperField();

	private TrainingHelpers() {
	}

	/**
	 * Installs the training helpers where DL4J's oneDNN helpers are.
	 * @param graph an initialized network
	 * @return the number of layers whose helper was replaced
	 */
	public static int install(ComputationGraph graph) {
		if (BATCH_NORM_HELPER == null || graph.getLayers() == null) {
			return 0;
		}
		int installed = 0;
		for (Layer layer : graph.getLayers()) {
			if (unwrap(layer) instanceof BatchNormalization batchNorm && replace(batchNorm)) {
				installed++;
			}
		}
		return installed;
	}

	private static boolean replace(BatchNormalization layer) {
		if (!(layer.getHelper() instanceof MKLDNNBatchNormHelper)
				|| layer.layerConf().getCnn2DFormat() != CNN2DFormat.NCHW) {
			return false;
		}
		try {
			BATCH_NORM_HELPER.set(layer, new TrainingBatchNormHelper());
			return true;
		}
		catch (IllegalAccessException | RuntimeException ex) {
			log.warn("Could not install Lantern's BatchNorm helper in {}: {}", layer.layerConf().getLayerName(),
					ex.toString());
			return false;
		}
	}

	private static Layer unwrap(Layer layer) {
		if (layer instanceof FrozenLayer frozen) {
			return frozen.getInsideLayer();
		}
		if (layer instanceof FrozenLayerWithBackprop frozen) {
			return frozen.getInsideLayer();
		}
		return layer;
	}

	private static Field helperField() {
		try {
			Field field = BatchNormalization.class.getDeclaredField("helper");
			field.setAccessible(true);
			return field;
		}
		catch (NoSuchFieldException | RuntimeException ex) {
			log.warn("DL4J's BatchNormalization has no helper field; Lantern's BatchNorm helper is not used: {}",
					ex.toString());
			return null;
		}
	}

}
