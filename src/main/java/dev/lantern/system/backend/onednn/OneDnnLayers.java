package dev.lantern.system.backend.onednn;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.LocalResponseNormalization;

/**
 * Reads which layers of a network run through a oneDNN helper. DL4J chooses a helper when
 * it creates a layer and drops back to its built-in code with only a warning when the
 * helper fails, so the flag alone proves nothing: this looks at each layer's helper and
 * at its failure count.
 */
public final class OneDnnLayers {

	/** The layer implementations for which DL4J has oneDNN helpers. */
	private static final Set<Class<?>> WITH_HELPERS = Set.of(ConvolutionLayer.class, SubsamplingLayer.class,
			BatchNormalization.class, LocalResponseNormalization.class);

	private OneDnnLayers() {
	}

	/**
	 * The helper state of every layer of the graph that could have a oneDNN helper
	 * (frozen layers are looked through).
	 * @param graph the network
	 * @return one state per such layer, in topological order
	 */
	public static List<LayerHelperState> inspect(ComputationGraph graph) {
		List<LayerHelperState> states = new ArrayList<>();
		for (Layer layer : graph.getLayers()) {
			Layer inner = unwrap(layer);
			if (WITH_HELPERS.contains(inner.getClass())) {
				states.add(state(layer.getConfig().getLayerName(), inner));
			}
		}
		return states;
	}

	static LayerHelperState state(String name, Layer layer) {
		String type = layer.getClass().getSimpleName();
		LayerHelper helper = layer.getHelper();
		if (helper == null) {
			return new LayerHelperState(name, type, false, null, "no helper was created");
		}
		String helperName = helper.getClass().getSimpleName();
		int failures = failures(layer);
		if (failures > 0) {
			return new LayerHelperState(name, type, false, helperName,
					"the helper failed " + failures + " time(s); the layer fell back to DL4J's built-in code");
		}
		return new LayerHelperState(name, type, true, helperName, null);
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

	private static int failures(Layer layer) {
		for (Class<?> type = layer.getClass(); type != null; type = type.getSuperclass()) {
			try {
				Field field = type.getDeclaredField("helperCountFail");
				field.setAccessible(true);
				return field.getInt(layer);
			}
			catch (NoSuchFieldException ex) {
				// Look in the superclass.
			}
			catch (IllegalAccessException | RuntimeException ex) {
				return 0;
			}
		}
		return 0;
	}

}
