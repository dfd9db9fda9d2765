package dev.lantern.system.backend.onednn;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

/**
 * Gives the convolution layers of a training network {@link OneDnnConvHelper}s and its
 * BatchNorm layers {@link OneDnnBatchNormHelper}s in place of the helpers DL4J chose, and
 * puts {@link OneDnnReluLayer}s in place of its ReLU activation layers. Only on the CPU
 * backend, only when JavaCPP's oneDNN presets load, and not when the system property
 * {@value #SWITCH} (convolutions), {@value #BATCH_NORM_SWITCH} (BatchNorm) or
 * {@value #RELU_SWITCH} (ReLU) is {@code false}. A convolution fed by the network's input
 * does not compute the gradient with respect to it
 * ({@link OneDnnConvHelper#skipInputGradient()}). The presets' CPU engine is created once
 * and lives as long as the JVM.
 */
public final class OneDnnConvolutions {

	/** The switch: {@code -Dlantern.vision.onednn-conv=false} keeps DL4J's helpers. */
	public static final String SWITCH = "lantern.vision.onednn-conv";

	/**
	 * The BatchNorm switch: {@code -Dlantern.vision.onednn-batchnorm=false} keeps DL4J's
	 * helpers.
	 */
	public static final String BATCH_NORM_SWITCH = "lantern.vision.onednn-batchnorm";

	/**
	 * The BatchNorm layout switch:
	 * {@code -Dlantern.vision.onednn-batchnorm-blocked=false} runs Lantern's BatchNorm
	 * helper on the plain NCHW arrays instead of oneDNN's blocked layout.
	 */
	public static final String BATCH_NORM_BLOCKED_SWITCH = "lantern.vision.onednn-batchnorm-blocked";

	/**
	 * The ReLU switch: {@code -Dlantern.vision.onednn-relu=false} keeps DL4J's activation
	 * layers.
	 */
	public static final String RELU_SWITCH = "lantern.vision.onednn-relu";

	private static final Logger log = LoggerFactory.getLogger(OneDnnConvolutions.class);

	private static final Object LOCK = new Object();

	private static dnnl_engine engine;

	private static String failure;

	private OneDnnConvolutions() {
	}

	/**
	 * Whether the switch allows the helpers.
	 * @return {@code false} only when {@value #SWITCH} is {@code false}
	 */
	public static boolean enabled() {
		return on(SWITCH);
	}

	/**
	 * Whether the BatchNorm switch allows the helpers.
	 * @return {@code false} only when {@value #BATCH_NORM_SWITCH} is {@code false}
	 */
	public static boolean batchNormEnabled() {
		return on(BATCH_NORM_SWITCH);
	}

	/**
	 * Whether the ReLU switch allows {@link OneDnnReluLayer}s.
	 * @return {@code false} only when {@value #RELU_SWITCH} is {@code false}
	 */
	public static boolean reluEnabled() {
		return on(RELU_SWITCH);
	}

	private static boolean on(String property) {
		return !"false".equalsIgnoreCase(System.getProperty(property, "true").trim());
	}

	/**
	 * Installs a helper in every plain convolution layer and every BatchNorm layer with
	 * learned gamma and beta of the graph (frozen ones included), and replaces every
	 * plain ReLU activation layer that is not frozen, if the switches, the backend and
	 * the presets allow it. The graph's configuration is left as it is.
	 * @param graph an initialized network
	 * @return how many layers got a helper or were replaced
	 */
	public static int install(ComputationGraph graph) {
		boolean convolutions = enabled();
		boolean batchNorms = batchNormEnabled();
		boolean relus = reluEnabled();
		if ((!convolutions && !batchNorms && !relus) || !OneDnnHelpers.requested() || !Nd4j.getEnvironment().isCPU()) {
			return 0;
		}
		dnnl_engine cpu = engine();
		if (cpu == null) {
			return 0;
		}
		int installed = 0;
		for (GraphVertex vertex : graph.getVertices()) {
			if (!vertex.hasLayer()) {
				continue;
			}
			Layer layer = vertex.getLayer();
			Layer inner = layer;
			if (layer instanceof FrozenLayer frozen) {
				inner = frozen.getInsideLayer();
			}
			else if (layer instanceof FrozenLayerWithBackprop frozen) {
				inner = frozen.getInsideLayer();
			}
			if (convolutions && inner.getClass() == ConvolutionLayer.class) {
				OneDnnConvHelper helper = new OneDnnConvHelper(cpu);
				if (fedByNetworkInput(graph, vertex)) {
					helper.skipInputGradient();
				}
				set(ConvolutionLayer.class, inner, helper);
				installed++;
			}
			else if (batchNorms && inner.getClass() == BatchNormalization.class
					&& !((org.deeplearning4j.nn.conf.layers.BatchNormalization) inner.conf().getLayer())
						.isLockGammaBeta()) {
				set(BatchNormalization.class, inner, new OneDnnBatchNormHelper(cpu, on(BATCH_NORM_BLOCKED_SWITCH)));
				installed++;
			}
			else if (relus && layer.getClass() == ActivationLayer.class && vertex instanceof LayerVertex layerVertex
					&& OneDnnReluLayer.replaces(layer.conf())) {
				replace(graph, layerVertex,
						new OneDnnReluLayer((ActivationLayer) layer, graph.getConfiguration().getDataType(), cpu));
				installed++;
			}
		}
		return installed;
	}

	/**
	 * What the convolution and BatchNorm layers of a network built for training get now:
	 * the helper's class name, or why they keep DL4J's helpers.
	 * @return by layer type ({@code ConvolutionLayer}, {@code BatchNormalization})
	 */
	public static Map<String, String> trainingHelpers() {
		String common = !Nd4j.getEnvironment().isCPU() ? "DL4J's helpers: CPU backend only"
				: !OneDnnHelpers.requested() ? "DL4J's helpers: oneDNN helpers are switched off" : null;
		if (common == null && (enabled() || batchNormEnabled()) && engine() == null) {
			common = "DL4J's helpers: JavaCPP's oneDNN presets are unavailable (" + presetsFailure() + ")";
		}
		Map<String, String> helpers = new LinkedHashMap<>();
		helpers.put("ConvolutionLayer", (common != null) ? common
				: enabled() ? OneDnnConvHelper.class.getSimpleName() : "DL4J's helper: " + SWITCH + "=false");
		helpers.put("BatchNormalization", (common != null) ? common : batchNormEnabled()
				? OneDnnBatchNormHelper.class.getSimpleName() : "DL4J's helper: " + BATCH_NORM_SWITCH + "=false");
		helpers.put("ActivationLayer (ReLU)", (common != null) ? common.replace("DL4J's helpers", "DL4J's layer")
				: reluEnabled() ? OneDnnReluLayer.class.getSimpleName() : "DL4J's layer: " + RELU_SWITCH + "=false");
		return helpers;
	}

	private static String presetsFailure() {
		synchronized (LOCK) {
			return failure;
		}
	}

	/** Whether the vertex's only input is one of the network's inputs. */
	private static boolean fedByNetworkInput(ComputationGraph graph, GraphVertex vertex) {
		VertexIndices[] inputs = vertex.getInputVertices();
		return inputs != null && inputs.length == 1 && graph.getVertices()[inputs[0].getVertexIndex()].isInputVertex();
	}

	/**
	 * Puts {@code replacement} in place of the vertex's layer, in the vertex and the
	 * graph.
	 */
	private static void replace(ComputationGraph graph, LayerVertex vertex, Layer replacement) {
		Layer replaced = vertex.getLayer();
		try {
			Field field = LayerVertex.class.getDeclaredField("layer");
			field.setAccessible(true);
			field.set(vertex, replacement);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot replace the layer of DL4J's LayerVertex", ex);
		}
		Layer[] layers = graph.getLayers();
		for (int i = 0; i < layers.length; i++) {
			if (layers[i] == replaced) {
				layers[i] = replacement;
			}
		}
	}

	private static void set(Class<?> type, Layer layer, Object helper) {
		try {
			Field field = type.getDeclaredField("helper");
			field.setAccessible(true);
			field.set(layer, helper);
			Field failures = type.getDeclaredField("helperCountFail");
			failures.setAccessible(true);
			failures.setInt(layer, 0);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot set the helper of DL4J's " + type.getSimpleName(), ex);
		}
	}

	/** The presets' CPU engine, or {@code null} if the presets do not load. */
	static dnnl_engine engine() {
		synchronized (LOCK) {
			if (engine == null && failure == null) {
				try {
					Loader.load(org.bytedeco.dnnl.global.dnnl.class);
					dnnl_engine created = new dnnl_engine();
					int status = dnnl_engine_create(created, dnnl_cpu, 0);
					if (status != dnnl_success) {
						throw new IllegalStateException("engine: status " + status);
					}
					engine = created;
				}
				catch (Throwable ex) {
					failure = String.valueOf(ex);
					log.warn("oneDNN presets unavailable, convolutions keep DL4J's helpers: {}", failure);
				}
			}
			return engine;
		}
	}

}
