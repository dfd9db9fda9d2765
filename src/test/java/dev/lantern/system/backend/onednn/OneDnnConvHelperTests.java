package dev.lantern.system.backend.onednn;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.HeadOptions;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * The cached oneDNN convolution helper against DL4J's own oneDNN convolution helper on
 * the same small ResNet-18 (BatchNorm and pooling keep DL4J's helpers in both).
 */
class OneDnnConvHelperTests {

	/** No dropout, so training-mode passes are deterministic. */
	static final NetSpec SMALL = NetSpec.of(Architecture.RESNET18, 3, 64)
		.withBaseWidth(8)
		.withHead(new HeadOptions(0, 32, false));

	private final VisionNets nets = new VisionNets(new NetsProperties(null));

	@AfterEach
	void restore() {
		System.clearProperty(OneDnnConvolutions.SWITCH);
		OneDnnHelpers.configure(true);
	}

	@Test
	void everyConvolutionOfATrainingNetworkRunsThroughTheCachedHelperWithoutFailing() {
		ComputationGraph graph = build(true, SMALL);
		graph.fit(OneDnnResNetTests.batch(4, 1, 64));
		graph.fit(OneDnnResNetTests.batch(3, 2, 64));

		List<LayerHelperState> convolutions = convolutions(graph);
		assertThat(convolutions).hasSize(20).allSatisfy((state) -> {
			assertThat(state.active()).as(state.layer()).isTrue();
			assertThat(state.helper()).isEqualTo("OneDnnConvHelper");
		});
		// every layer ran forward and backward at two batch sizes through its own plans
		assertThat(graph.getLayers()).filteredOn((layer) -> layer.getHelper() instanceof OneDnnConvHelper)
			.hasSize(20)
			.allSatisfy((layer) -> assertThat(((OneDnnConvHelper) layer.getHelper()).plans()).isEqualTo(4));
	}

	@Test
	void theSwitchKeepsDl4jsHelper() {
		ComputationGraph graph = build(false, SMALL);
		graph.fit(OneDnnResNetTests.batch(4, 1, 64));

		assertThat(convolutions(graph)).hasSize(20)
			.allSatisfy((state) -> assertThat(state.helper()).isEqualTo("MKLDNNConvHelper"));
	}

	@Test
	void givesDl4jsOutputsAndGradients() {
		ComputationGraph cached = build(true, SMALL);
		ComputationGraph dl4j = build(false, SMALL);
		assertThat(cached.params()).isEqualTo(dl4j.params());
		DataSet batch = OneDnnResNetTests.batch(4, 2, 64);

		INDArray expected = dl4j.outputSingle(false, batch.getFeatures());
		INDArray actual = cached.outputSingle(false, batch.getFeatures());
		assertThat(actual.sub(expected).amaxNumber().doubleValue() / expected.amaxNumber().doubleValue())
			.isLessThan(1e-5);
		INDArray cachedGradient = gradient(cached, batch);
		INDArray dl4jGradient = gradient(dl4j, batch);
		assertThat(dl4jGradient.norm2Number().doubleValue()).isGreaterThan(0);
		assertThat(cachedGradient.distance2(dl4jGradient) / dl4jGradient.norm2Number().doubleValue()).isLessThan(3e-4);
		assertThat(convolutions(cached)).allSatisfy((state) -> assertThat(state.active()).isTrue());
	}

	@Test
	void trainsToTheSameLoss() {
		List<Double> cached = losses(build(true, SMALL));
		List<Double> dl4j = losses(build(false, SMALL));

		assertThat(cached).allSatisfy((loss) -> assertThat(loss).isFinite());
		assertThat(cached.get(cached.size() - 1)).isLessThan(cached.get(0));
		assertThat(cached.get(cached.size() - 1)).isCloseTo(dl4j.get(dl4j.size() - 1), withinPercentage(10));
	}

	@Test
	void givesDl4jsGradientsWithBiasesAndAsymmetricSamePadding() {
		ComputationGraph cached = biased();
		ComputationGraph dl4j = biased();
		OneDnnHelpers.configure(true);
		assertThat(OneDnnConvolutions.install(cached)).isEqualTo(2);
		DataSet batch = OneDnnResNetTests.batch(3, 5, 31);

		INDArray expected = dl4j.outputSingle(false, batch.getFeatures());
		INDArray actual = cached.outputSingle(false, batch.getFeatures());
		assertThat(actual.sub(expected).amaxNumber().doubleValue() / expected.amaxNumber().doubleValue())
			.isLessThan(1e-5);
		INDArray cachedGradient = gradient(cached, batch);
		INDArray dl4jGradient = gradient(dl4j, batch);
		assertThat(cachedGradient.distance2(dl4jGradient) / dl4jGradient.norm2Number().doubleValue()).isLessThan(3e-4);
		assertThat(graphHelpers(cached)).containsExactly(2, 2);
	}

	/** Two convolutions with biases and ReLU, Same mode on odd sizes, stride 2. */
	private static ComputationGraph biased() {
		ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(7)
			.dataType(DataType.FLOAT)
			.updater(new Sgd(0.1))
			.convolutionMode(ConvolutionMode.Same)
			.graphBuilder()
			.addInputs("in")
			.setInputTypes(InputType.convolutional(31, 31, 3))
			.addLayer("c1",
					new ConvolutionLayer.Builder(5, 5).stride(2, 2)
						.nOut(6)
						.activation(Activation.RELU)
						.biasInit(0.3)
						.build(),
					"in")
			.addLayer("c2", new ConvolutionLayer.Builder(3, 3).stride(1, 1).nOut(5).activation(Activation.TANH).build(),
					"c1")
			.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "c2")
			.addLayer("out",
					new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
						.activation(Activation.SOFTMAX)
						.build(),
					"pool")
			.setOutputs("out")
			.build());
		graph.init();
		graph.params().muli(3).addi(0.01);
		return graph;
	}

	private static List<Integer> graphHelpers(ComputationGraph graph) {
		return java.util.Arrays.stream(graph.getLayers())
			.filter((layer) -> layer.getHelper() instanceof OneDnnConvHelper)
			.map((layer) -> ((OneDnnConvHelper) layer.getHelper()).plans())
			.toList();
	}

	private ComputationGraph build(boolean cached, NetSpec spec) {
		return build(this.nets, spec, OneDnnConvolutions.SWITCH, cached);
	}

	/**
	 * A network built with the oneDNN helpers on and one of their switches set while it
	 * is built.
	 */
	static ComputationGraph build(VisionNets nets, NetSpec spec, String switchProperty, boolean on) {
		OneDnnHelpers.configure(true);
		System.setProperty(switchProperty, String.valueOf(on));
		try {
			return nets.create(spec).graph();
		}
		finally {
			System.clearProperty(switchProperty);
		}
	}

	private static List<LayerHelperState> convolutions(ComputationGraph graph) {
		return layers(graph, "ConvolutionLayer");
	}

	/** The helper state of each layer of one type. */
	static List<LayerHelperState> layers(ComputationGraph graph, String type) {
		return OneDnnLayers.inspect(graph).stream().filter((state) -> state.type().equals(type)).toList();
	}

	/**
	 * Four training steps alternating two batches: the loss before each and after the
	 * last.
	 */
	static List<Double> losses(ComputationGraph graph) {
		List<DataSet> batches = List.of(OneDnnResNetTests.batch(4, 3, 64), OneDnnResNetTests.batch(4, 4, 64));
		List<Double> losses = new ArrayList<>();
		for (int step = 0; step < 4; step++) {
			losses.add(graph.score(batches.get(0), true));
			Nd4j.getRandom().setSeed(100 + step);
			graph.fit(batches.get(step % 2));
		}
		losses.add(graph.score(batches.get(0), true));
		return losses;
	}

	static INDArray gradient(ComputationGraph graph, DataSet batch) {
		graph.setInputs(batch.getFeatures());
		graph.setLabels(batch.getLabels());
		graph.computeGradientAndScore();
		return graph.gradient().gradient().dup();
	}

}
