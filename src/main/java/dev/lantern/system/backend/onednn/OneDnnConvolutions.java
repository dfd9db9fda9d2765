package dev.lantern.system.backend.onednn;

import java.lang.reflect.Field;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

/**
 * Gives the convolution layers of a training network {@link OneDnnConvHelper}s in place
 * of the helpers DL4J chose. Only on the CPU backend, only when JavaCPP's oneDNN presets
 * load, and not when the system property {@value #SWITCH} is {@code false}. The presets'
 * CPU engine is created once and lives as long as the JVM.
 */
public final class OneDnnConvolutions {

	/** The switch: {@code -Dlantern.vision.onednn-conv=false} keeps DL4J's helpers. */
	public static final String SWITCH = "lantern.vision.onednn-conv";

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
		return !"false".equalsIgnoreCase(System.getProperty(SWITCH, "true").trim());
	}

	/**
	 * Installs a helper in every plain convolution layer of the graph (frozen ones
	 * included), if the switch, the backend and the presets allow it.
	 * @param graph an initialized network
	 * @return how many layers got a helper
	 */
	public static int install(ComputationGraph graph) {
		if (!enabled() || !OneDnnHelpers.requested() || !Nd4j.getEnvironment().isCPU()) {
			return 0;
		}
		dnnl_engine cpu = engine();
		if (cpu == null) {
			return 0;
		}
		int installed = 0;
		for (Layer layer : graph.getLayers()) {
			Layer inner = layer;
			if (layer instanceof FrozenLayer frozen) {
				inner = frozen.getInsideLayer();
			}
			else if (layer instanceof FrozenLayerWithBackprop frozen) {
				inner = frozen.getInsideLayer();
			}
			if (inner.getClass() == ConvolutionLayer.class) {
				set((ConvolutionLayer) inner, new OneDnnConvHelper(cpu));
				installed++;
			}
		}
		return installed;
	}

	private static void set(ConvolutionLayer layer, ConvolutionHelper helper) {
		try {
			Field field = ConvolutionLayer.class.getDeclaredField("helper");
			field.setAccessible(true);
			field.set(layer, helper);
			Field failures = ConvolutionLayer.class.getDeclaredField("helperCountFail");
			failures.setAccessible(true);
			failures.setInt(layer, 0);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot set the convolution helper of DL4J's ConvolutionLayer", ex);
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
