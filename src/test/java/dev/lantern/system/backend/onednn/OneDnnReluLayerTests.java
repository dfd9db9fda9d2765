package dev.lantern.system.backend.onednn;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * The oneDNN ReLU layer against DL4J's activation layer on the same small ResNet-18 (the
 * convolutions and BatchNorm layers run through Lantern's helpers in both), and on single
 * arrays with zeros, subnormals, negative zero and infinities.
 */
class OneDnnReluLayerTests {

	private static final NetSpec SMALL = OneDnnConvHelperTests.SMALL;

	private final VisionNets nets = new VisionNets(new NetsProperties(null));

	@AfterEach
	void restore() {
		System.clearProperty(OneDnnConvolutions.RELU_SWITCH);
		OneDnnHelpers.configure(true);
	}

	@Test
	void everyReluOfATrainingNetworkIsReplacedAndRunsWithoutFailing() {
		ComputationGraph graph = build(true);
		graph.fit(OneDnnResNetTests.batch(4, 1, 64));
		graph.fit(OneDnnResNetTests.batch(3, 2, 64));

		// the stem's and two in each of the eight basic blocks
		assertThat(relus(graph)).hasSize(17).allSatisfy((relu) -> {
			assertThat(relu.failed()).isFalse();
			// forward and backward at two batch sizes
			assertThat(relu.plans()).isEqualTo(4);
			assertThat(graph.getLayer(relu.getConfig().getLayerName())).isSameAs(relu);
		});
		assertThat(Arrays.stream(graph.getLayers())
			.filter((layer) -> layer.getClass() == org.deeplearning4j.nn.layers.ActivationLayer.class)).isEmpty();
	}

	@Test
	void theSwitchKeepsDl4jsLayers() {
		ComputationGraph graph = build(false);
		graph.fit(OneDnnResNetTests.batch(4, 1, 64));

		assertThat(relus(graph)).isEmpty();
	}

	@Test
	void leavesTheConfigurationAndSavedModelsAsDl4jWritesThem() throws IOException {
		ComputationGraph replaced = build(true);
		ComputationGraph dl4j = build(false);
		replaced.fit(OneDnnResNetTests.batch(4, 1, 64));
		dl4j.fit(OneDnnResNetTests.batch(4, 1, 64));

		assertThat(replaced.getConfiguration().toJson()).isEqualTo(dl4j.getConfiguration().toJson());
		ByteArrayOutputStream saved = new ByteArrayOutputStream();
		ModelSerializer.writeModel(replaced, saved, false);
		ComputationGraph restored = ModelSerializer
			.restoreComputationGraph(new ByteArrayInputStream(saved.toByteArray()), false);
		assertThat(relus(restored)).isEmpty();
		DataSet batch = OneDnnResNetTests.batch(3, 2, 64);
		assertThat(restored.outputSingle(false, batch.getFeatures()))
			.isEqualTo(replaced.outputSingle(false, batch.getFeatures()));
	}

	@Test
	void givesDl4jsOutputsAndGradients() {
		ComputationGraph replaced = build(true);
		ComputationGraph dl4j = build(false);
		assertThat(replaced.params()).isEqualTo(dl4j.params());
		DataSet batch = OneDnnResNetTests.batch(4, 2, 64);

		assertThat(replaced.feedForward(batch.getFeatures(), true).get(VisionNet.OUTPUT))
			.isEqualTo(dl4j.feedForward(batch.getFeatures(), true).get(VisionNet.OUTPUT));
		INDArray replacedGradient = OneDnnConvHelperTests.gradient(replaced, batch);
		INDArray dl4jGradient = OneDnnConvHelperTests.gradient(dl4j, batch);
		assertThat(dl4jGradient.norm2Number().doubleValue()).isGreaterThan(0);
		assertThat(replacedGradient.distance2(dl4jGradient) / dl4jGradient.norm2Number().doubleValue())
			.isLessThan(1e-6);
		assertThat(replaced.outputSingle(false, batch.getFeatures()))
			.isEqualTo(dl4j.outputSingle(false, batch.getFeatures()));
	}

	@Test
	void trainsToTheSameLoss() {
		List<Double> replaced = OneDnnConvHelperTests.losses(build(true));
		List<Double> dl4j = OneDnnConvHelperTests.losses(build(false));

		assertThat(replaced).allSatisfy((loss) -> assertThat(loss).isFinite());
		assertThat(replaced.get(replaced.size() - 1)).isLessThan(replaced.get(0));
		assertThat(replaced.get(replaced.size() - 1)).isCloseTo(dl4j.get(dl4j.size() - 1), withinPercentage(1));
	}

	@Test
	void computesReluAndItsGradientElementByElement() {
		ComputationGraph graph = build(true);
		OneDnnReluLayer relu = relus(graph).get(0);
		float[] values = { 2.5f, -1f, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.POSITIVE_INFINITY,
				Float.NEGATIVE_INFINITY, 1e-30f, -3e38f, 7f, -7f };
		float[] gradients = { 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, -11f, -12f };
		INDArray input = Nd4j.create(values, new long[] { 1, 3, 2, 2 });
		INDArray epsilon = Nd4j.create(gradients, new long[] { 1, 3, 2, 2 });
		relu.setInput(input, LayerWorkspaceMgr.noWorkspaces());

		float[] out = relu.activate(true, LayerWorkspaceMgr.noWorkspaces()).data().asFloat();
		float[] back = relu.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces()).getSecond().data().asFloat();

		for (int i = 0; i < values.length; i++) {
			boolean positive = values[i] > 0;
			assertThat(out[i]).as("relu(%s)", values[i]).isEqualTo(positive ? values[i] : 0f);
			assertThat(back[i]).as("gradient at %s", values[i]).isEqualTo(positive ? gradients[i] : 0f);
		}
		// the input is left as it was
		assertThat(input.data().asFloat()).containsExactly(values);
		assertThat(relu.failed()).isFalse();
	}

	@Test
	void replacesOnlyAPlainReluWithoutDropout() {
		assertThat(OneDnnReluLayer.replaces(conf(new ActivationLayer.Builder().activation(Activation.RELU).build())))
			.isTrue();
		assertThat(OneDnnReluLayer
			.replaces(conf(new ActivationLayer.Builder().activation(new ActivationReLU(6.0, 0.0, 0.0)).build())))
			.isFalse();
		assertThat(OneDnnReluLayer
			.replaces(conf(new ActivationLayer.Builder().activation(new ActivationReLU(null, 0.5, 0.0)).build())))
			.isFalse();
		assertThat(OneDnnReluLayer
			.replaces(conf(new ActivationLayer.Builder().activation(new ActivationReLU(null, 0.0, 0.1)).build())))
			.isFalse();
		assertThat(OneDnnReluLayer
			.replaces(conf(new ActivationLayer.Builder().activation(Activation.RELU).dropOut(0.5).build()))).isFalse();
		assertThat(
				OneDnnReluLayer.replaces(conf(new ActivationLayer.Builder().activation(Activation.LEAKYRELU).build())))
			.isFalse();
	}

	private static NeuralNetConfiguration conf(ActivationLayer layer) {
		return new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).layer(layer).build();
	}

	private ComputationGraph build(boolean oneDnn) {
		return OneDnnConvHelperTests.build(this.nets, SMALL, OneDnnConvolutions.RELU_SWITCH, oneDnn);
	}

	private static List<OneDnnReluLayer> relus(ComputationGraph graph) {
		return Arrays.stream(graph.getLayers())
			.filter(OneDnnReluLayer.class::isInstance)
			.map(OneDnnReluLayer.class::cast)
			.toList();
	}

}
