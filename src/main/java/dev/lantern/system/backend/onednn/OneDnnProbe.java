package dev.lantern.system.backend.onednn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Finds out which layer types really run through oneDNN: builds a tiny float network with
 * one layer of each type a ResNet uses (convolution, BatchNorm, max pooling), runs one
 * training step (forward and backward through the helpers) and inspects each layer.
 */
final class OneDnnProbe {

	private OneDnnProbe() {
	}

	/**
	 * Probes the current JVM.
	 * @param enabled the configuration switch, for the report
	 * @return what was found
	 */
	static OneDnnStatus run(boolean enabled) {
		String precondition = precondition(enabled);
		ComputationGraph probe = probeNetwork();
		probe.fit(new DataSet(Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8), Nd4j.eye(2).castTo(DataType.FLOAT)));
		Map<String, LayerHelperState> layers = new LinkedHashMap<>();
		for (LayerHelperState state : OneDnnLayers.inspect(probe)) {
			LayerHelperState reported = (state.active() || precondition == null) ? state
					: new LayerHelperState(state.layer(), state.type(), false, state.helper(), precondition);
			layers.putIfAbsent(state.type(), reported);
		}
		boolean active = !layers.isEmpty() && layers.values().stream().allMatch(LayerHelperState::active);
		String reason = active ? null : (precondition != null) ? precondition : inactiveTypes(layers);
		return new OneDnnStatus(enabled, true, active, reason, layers, OneDnnConvolutions.trainingHelpers());
	}

	/** Why no helper can be expected, or {@code null} when all conditions hold. */
	private static String precondition(boolean enabled) {
		if (!enabled) {
			return "switched off (lantern.backend.onednn=false)";
		}
		if (!OneDnnHelpers.requested()) {
			return "the system property " + OneDnnHelpers.DISABLE_PROPERTY + " is not false";
		}
		if (!Nd4j.getEnvironment().helpersAllowed()) {
			return "ND4J's environment disallows helpers (allowHelpers(false))";
		}
		if (!org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN()) {
			return "the loaded CPU natives are not a oneDNN build (nd4j-native classifier linux-x86_64-onednn*)";
		}
		if (Nd4j.defaultFloatingPointType() != DataType.FLOAT) {
			return "the default floating point type is " + Nd4j.defaultFloatingPointType()
					+ "; oneDNN helpers are float-only";
		}
		return null;
	}

	private static String inactiveTypes(Map<String, LayerHelperState> layers) {
		return "no oneDNN helper for " + String.join(", ",
				layers.values().stream().filter((s) -> !s.active()).map(LayerHelperState::type).toList());
	}

	private static ComputationGraph probeNetwork() {
		ComputationGraphConfiguration configuration = new NeuralNetConfiguration.Builder().seed(1)
			.dataType(DataType.FLOAT)
			.updater(new Sgd(0.01))
			.activation(Activation.IDENTITY)
			.convolutionMode(ConvolutionMode.Truncate)
			.graphBuilder()
			.addInputs("input")
			.setInputTypes(InputType.convolutional(8, 8, 3))
			.addLayer("conv", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(4).hasBias(false).build(), "input")
			.addLayer("bn", new BatchNormalization.Builder().build(), "conv")
			.addLayer("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn")
			.addLayer("maxpool",
					new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2).padding(1, 1).build(),
					"relu")
			.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "maxpool")
			.addLayer("out",
					new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
						.activation(Activation.SOFTMAX)
						.build(),
					"pool")
			.setOutputs("out")
			.build();
		ComputationGraph graph = new ComputationGraph(configuration);
		graph.init();
		return graph;
	}

}
