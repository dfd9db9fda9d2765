package dev.lantern.system.backend.onednn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNet;
import dev.lantern.vision.nets.VisionNets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * The oneDNN training-mode BatchNorm helper against DL4J's own oneDNN BatchNorm helper on
 * the same small ResNet-18 (the convolutions run through {@link OneDnnConvHelper} in
 * both), and on a small network whose BatchNorm keeps its running variance as log10 of
 * the standard deviation.
 */
class OneDnnBatchNormHelperTests {

	private static final NetSpec SMALL = OneDnnConvHelperTests.SMALL;

	private final VisionNets nets = new VisionNets(new NetsProperties(null));

	@AfterEach
	void restore() {
		System.clearProperty(OneDnnConvolutions.BATCH_NORM_SWITCH);
		System.clearProperty(OneDnnConvolutions.BATCH_NORM_BLOCKED_SWITCH);
		OneDnnHelpers.configure(true);
	}

	@Test
	void everyBatchNormOfATrainingNetworkRunsThroughTheHelperWithoutFailing() {
		ComputationGraph graph = build(true);
		graph.fit(OneDnnResNetTests.batch(4, 1, 64));
		graph.fit(OneDnnResNetTests.batch(3, 2, 64));
		graph.outputSingle(false, OneDnnResNetTests.batch(3, 2, 64).getFeatures());

		List<LayerHelperState> batchNorms = batchNorms(graph);
		// 20 in the body, two in the head (rank 2, run as [n, c, 1, 1])
		assertThat(batchNorms).hasSize(22).allSatisfy((state) -> {
			assertThat(state.active()).as(state.layer()).isTrue();
			assertThat(state.helper()).isEqualTo("OneDnnBatchNormHelper");
		});
		// training forward, backward at two batch sizes, and inference at one
		assertThat(helpers(graph)).hasSize(22).allSatisfy((helper) -> assertThat(helper.plans()).isEqualTo(5));
	}

	@Test
	void theSwitchKeepsDl4jsHelper() {
		ComputationGraph graph = build(false);
		graph.fit(OneDnnResNetTests.batch(4, 1, 64));

		assertThat(batchNorms(graph)).hasSize(22)
			.allSatisfy((state) -> assertThat(state.helper()).isEqualTo("MKLDNNBatchNormHelper"));
	}

	@Test
	void givesDl4jsOutputsGradientsAndRunningStatistics() {
		ComputationGraph oneDnn = build(true);
		ComputationGraph dl4j = build(false);
		assertThat(oneDnn.params()).isEqualTo(dl4j.params());
		DataSet batch = OneDnnResNetTests.batch(4, 2, 64);

		// training mode: batch statistics
		assertThat(relative(oneDnn.feedForward(batch.getFeatures(), true).get(VisionNet.OUTPUT),
				dl4j.feedForward(batch.getFeatures(), true).get(VisionNet.OUTPUT)))
			.isLessThan(1e-5);
		// the gradient includes the running mean and variance updates
		INDArray oneDnnGradient = OneDnnConvHelperTests.gradient(oneDnn, batch);
		INDArray dl4jGradient = OneDnnConvHelperTests.gradient(dl4j, batch);
		assertThat(dl4jGradient.norm2Number().doubleValue()).isGreaterThan(0);
		assertThat(oneDnnGradient.distance2(dl4jGradient) / dl4jGradient.norm2Number().doubleValue()).isLessThan(3e-4);

		// one step moves the running statistics the same way; inference then uses them
		oneDnn.fit(batch);
		dl4j.fit(batch);
		for (String name : runningStatistics(dl4j)) {
			INDArray expected = dl4j.getParam(name);
			assertThat(relative(oneDnn.getParam(name), expected)).as(name).isLessThan(1e-4);
		}
		INDArray expected = dl4j.outputSingle(false, batch.getFeatures());
		INDArray actual = oneDnn.outputSingle(false, batch.getFeatures());
		assertThat(relative(actual, expected)).isLessThan(1e-4);
		assertThat(batchNorms(oneDnn)).allSatisfy((state) -> assertThat(state.active()).isTrue());
	}

	@Test
	void keepsTheRunningVarianceAsLog10StandardDeviation() {
		ComputationGraph oneDnn = logStd();
		ComputationGraph dl4j = logStd();
		OneDnnHelpers.configure(true);
		System.setProperty(OneDnnConvolutions.SWITCH, "false");
		try {
			assertThat(OneDnnConvolutions.install(oneDnn)).isEqualTo(1);
		}
		finally {
			System.clearProperty(OneDnnConvolutions.SWITCH);
		}
		DataSet batch = OneDnnResNetTests.batch(5, 6, 32);

		INDArray oneDnnGradient = OneDnnConvHelperTests.gradient(oneDnn, batch);
		INDArray dl4jGradient = OneDnnConvHelperTests.gradient(dl4j, batch);
		assertThat(oneDnnGradient.distance2(dl4jGradient) / dl4jGradient.norm2Number().doubleValue()).isLessThan(3e-4);
		for (int step = 0; step < 3; step++) {
			oneDnn.fit(batch);
			dl4j.fit(batch);
		}
		INDArray log10Std = dl4j.getParam("bn_log10stdev");
		assertThat(log10Std.amaxNumber().doubleValue()).isGreaterThan(0);
		assertThat(relative(oneDnn.getParam("bn_log10stdev"), log10Std)).isLessThan(1e-4);
		assertThat(relative(oneDnn.getParam("bn_mean"), dl4j.getParam("bn_mean"))).isLessThan(1e-4);
		assertThat(relative(oneDnn.outputSingle(false, batch.getFeatures()),
				dl4j.outputSingle(false, batch.getFeatures())))
			.isLessThan(1e-4);
		assertThat(oneDnn.getLayer("bn").getHelper()).isInstanceOf(OneDnnBatchNormHelper.class);
		assertThat(dl4j.getLayer("bn").getHelper()).isNotInstanceOf(OneDnnBatchNormHelper.class);
	}

	@Test
	void theBlockedLayoutGivesThePlainLayoutsOutputsGradientsAndRunningStatistics() {
		ComputationGraph blocked = OneDnnConvHelperTests.build(this.nets, SMALL,
				OneDnnConvolutions.BATCH_NORM_BLOCKED_SWITCH, true);
		ComputationGraph plain = OneDnnConvHelperTests.build(this.nets, SMALL,
				OneDnnConvolutions.BATCH_NORM_BLOCKED_SWITCH, false);
		DataSet batch = OneDnnResNetTests.batch(4, 2, 64);

		assertThat(relative(blocked.feedForward(batch.getFeatures(), true).get(VisionNet.OUTPUT),
				plain.feedForward(batch.getFeatures(), true).get(VisionNet.OUTPUT)))
			.isLessThan(1e-5);
		INDArray blockedGradient = OneDnnConvHelperTests.gradient(blocked, batch);
		INDArray plainGradient = OneDnnConvHelperTests.gradient(plain, batch);
		assertThat(blockedGradient.distance2(plainGradient) / plainGradient.norm2Number().doubleValue())
			.isLessThan(5e-5);
		blocked.fit(batch);
		plain.fit(batch);
		for (String name : runningStatistics(plain)) {
			assertThat(relative(blocked.getParam(name), plain.getParam(name))).as(name).isLessThan(1e-4);
		}
		assertThat(relative(blocked.outputSingle(false, batch.getFeatures()),
				plain.outputSingle(false, batch.getFeatures())))
			.isLessThan(1e-4);

		// base width 8: the first stage's 8 channels stay plain, 16 and more go blocked
		assertThat(helpers(blocked))
			.extracting((helper) -> helper.blocked(8), (helper) -> helper.blocked(16), (helper) -> helper.blocked(1024))
			.containsOnly(org.assertj.core.groups.Tuple.tuple(false, true, true));
		assertThat(helpers(plain)).allSatisfy((helper) -> assertThat(helper.blocked(16)).isFalse());
	}

	@Test
	void trainsToTheSameLoss() {
		List<Double> oneDnn = OneDnnConvHelperTests.losses(build(true));
		List<Double> dl4j = OneDnnConvHelperTests.losses(build(false));

		assertThat(oneDnn).allSatisfy((loss) -> assertThat(loss).isFinite());
		assertThat(oneDnn.get(oneDnn.size() - 1)).isLessThan(oneDnn.get(0));
		assertThat(oneDnn.get(oneDnn.size() - 1)).isCloseTo(dl4j.get(dl4j.size() - 1), withinPercentage(10));
	}

	@Test
	void theStemSkipsOnlyTheGradientWithRespectToTheImage() {
		ComputationGraph graph = build(true);
		List<OneDnnConvHelper> convolutions = Arrays.stream(graph.getLayers())
			.map(Layer::getHelper)
			.filter(OneDnnConvHelper.class::isInstance)
			.map(OneDnnConvHelper.class::cast)
			.toList();

		assertThat(convolutions).hasSize(20);
		assertThat(graph.getLayer("conv1").getHelper()).isInstanceOfSatisfying(OneDnnConvHelper.class,
				(stem) -> assertThat(stem.computesInputGradient()).isFalse());
		assertThat(convolutions).filteredOn(OneDnnConvHelper::computesInputGradient).hasSize(19);
	}

	/** A convolution, a BatchNorm with log10 standard deviation storage, a classifier. */
	private static ComputationGraph logStd() {
		ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(11)
			.dataType(DataType.FLOAT)
			.updater(new Sgd(0.05))
			.convolutionMode(ConvolutionMode.Same)
			.graphBuilder()
			.addInputs("in")
			.setInputTypes(InputType.convolutional(32, 32, 3))
			.addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.IDENTITY).build(), "in")
			.addLayer("bn", new BatchNormalization.Builder().useLogStd(true).decay(0.8).build(), "conv")
			.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "bn")
			.addLayer("out",
					new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
						.activation(Activation.SOFTMAX)
						.build(),
					"pool")
			.setOutputs("out")
			.build());
		graph.init();
		return graph;
	}

	private ComputationGraph build(boolean oneDnn) {
		return OneDnnConvHelperTests.build(this.nets, SMALL, OneDnnConvolutions.BATCH_NORM_SWITCH, oneDnn);
	}

	private static List<OneDnnBatchNormHelper> helpers(ComputationGraph graph) {
		return Arrays.stream(graph.getLayers())
			.map(Layer::getHelper)
			.filter(OneDnnBatchNormHelper.class::isInstance)
			.map(OneDnnBatchNormHelper.class::cast)
			.toList();
	}

	private static List<LayerHelperState> batchNorms(ComputationGraph graph) {
		return OneDnnConvHelperTests.layers(graph, "BatchNormalization");
	}

	/** The parameter names of every running mean and variance. */
	private static List<String> runningStatistics(ComputationGraph graph) {
		List<String> names = new ArrayList<>();
		for (String name : graph.paramTable().keySet()) {
			if (name.endsWith("_mean") || name.endsWith("_var") || name.endsWith("_log10stdev")) {
				names.add(name);
			}
		}
		assertThat(names).hasSize(44);
		return names;
	}

	private static double relative(INDArray actual, INDArray expected) {
		return actual.sub(expected).amaxNumber().doubleValue() / expected.amaxNumber().doubleValue();
	}

}
