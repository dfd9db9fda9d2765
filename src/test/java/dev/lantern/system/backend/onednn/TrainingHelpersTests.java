package dev.lantern.system.backend.onednn;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.lantern.vision.nets.Architecture;
import dev.lantern.vision.nets.HeadOptions;
import dev.lantern.vision.nets.NetSpec;
import dev.lantern.vision.nets.NetsProperties;
import dev.lantern.vision.nets.VisionNets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * Lantern's BatchNorm training helper against DL4J's oneDNN helper (a clone of the same
 * network, whose layers DL4J recreates with its own helpers) and against the statistics
 * ND4J computes in double precision.
 */
class TrainingHelpersTests {

	/** 64 pixels: 16x16 maps after the stem (the fast statistics), 8x8 and less later. */
	private static final NetSpec SMALL = NetSpec.of(Architecture.RESNET18, 3, 64)
		.withBaseWidth(8)
		.withHead(new HeadOptions(0, 32, false));

	private final VisionNets nets = new VisionNets(new NetsProperties(null));

	@BeforeAll
	static void allowHelpers() {
		OneDnnHelpers.configure(true);
	}

	@AfterAll
	static void restore() {
		OneDnnHelpers.configure(true);
	}

	@Test
	void batchStatisticsAreThoseOfTheWholeBatchPerChannel() {
		// Maps of 16x16 (the row-wise path), 7x7 (ND4J's reductions) and a view with
		// strides (ND4J's reductions); a mean far from zero against the spread.
		Nd4j.getRandom().setSeed(7);
		INDArray large = Nd4j.randn(DataType.FLOAT, 4, 6, 16, 16).muli(2).addi(5);
		INDArray small = Nd4j.randn(DataType.FLOAT, 4, 6, 7, 7).muli(2).addi(5);
		INDArray view = Nd4j.randn(DataType.FLOAT, 4, 12, 16, 16)
			.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 12), NDArrayIndex.all(), NDArrayIndex.all());
		BatchStatistics statistics = new BatchStatistics();
		for (INDArray x : List.of(large, small, view)) {
			INDArray mean = Nd4j.create(DataType.FLOAT, 6);
			INDArray variance = Nd4j.create(DataType.FLOAT, 6);

			statistics.compute(x, mean, variance);

			INDArray exact = x.castTo(DataType.DOUBLE);
			INDArray exactMean = exact.mean(0, 2, 3);
			INDArray exactVariance = exact.var(false, 0, 2, 3);
			assertThat(mean.castTo(DataType.DOUBLE).sub(exactMean).amaxNumber().doubleValue()).isLessThan(1e-5);
			assertThat(
					variance.castTo(DataType.DOUBLE).sub(exactVariance).div(exactVariance).amaxNumber().doubleValue())
				.isLessThan(1e-5);
		}
	}

	@Test
	void everyBatchNormLayerOfANetworkBuiltForTrainingGetsTheHelperAndKeepsIt() {
		ComputationGraph graph = this.nets.create(SMALL).graph();
		graph.fit(OneDnnResNetTests.batch(2, 1, 64));

		List<LayerHelperState> batchNorms = OneDnnLayers.inspect(graph)
			.stream()
			.filter((state) -> state.type().equals("BatchNormalization"))
			.toList();
		// 20 in the body, 2 in the head (whose 2-d inputs use DL4J's built-in code).
		assertThat(batchNorms).hasSize(22).allSatisfy((state) -> {
			assertThat(state.helper()).isEqualTo("TrainingBatchNormHelper");
			assertThat(state.active()).as(state.layer()).isTrue();
		});
	}

	@Test
	void networksWithoutDl4jsOneDnnHelperAreLeftAlone() {
		OneDnnHelpers.configure(false);
		try {
			ComputationGraph graph = this.nets.create(SMALL).graph();
			assertThat(TrainingHelpers.install(graph)).isZero();
			assertThat(batchNormHelpers(graph)).containsOnlyNulls();
		}
		finally {
			OneDnnHelpers.configure(true);
		}
	}

	@Test
	void givesDl4jsOneDnnOutputsGradientsAndTraining() {
		ComputationGraph lantern = this.nets.create(SMALL).graph();
		ComputationGraph dl4j = lantern.clone();
		assertThat(batchNormHelpers(lantern)).allMatch(TrainingBatchNormHelper.class::isInstance);
		assertThat(batchNormHelpers(dl4j)).allMatch(MKLDNNBatchNormHelper.class::isInstance);
		DataSet batch = OneDnnResNetTests.batch(4, 2, 64);

		assertThat(
				relativeDifference(lantern.outputSingle(batch.getFeatures()), dl4j.outputSingle(batch.getFeatures())))
			.isLessThan(1e-5);
		INDArray lanternGradient = gradient(lantern, batch);
		INDArray dl4jGradient = gradient(dl4j, batch);
		assertThat(lantern.score()).isCloseTo(dl4j.score(), within(1e-5));
		assertThat(lanternGradient.distance2(dl4jGradient) / dl4jGradient.norm2Number().doubleValue()).isLessThan(3e-4);
		assertThat(dl4jGradient.norm2Number().doubleValue()).isGreaterThan(0);

		List<Double> lanternLosses = losses(lantern);
		List<Double> dl4jLosses = losses(dl4j);
		for (List<Double> losses : List.of(lanternLosses, dl4jLosses)) {
			assertThat(losses).allSatisfy((loss) -> assertThat(loss).isFinite());
			assertThat(losses.subList(losses.size() - 3, losses.size())
				.stream()
				.mapToDouble(Double::doubleValue)
				.average()
				.orElseThrow()).isLessThan(0.7 * losses.get(0));
		}
		assertThat(lanternLosses.get(lanternLosses.size() - 1)).isCloseTo(dl4jLosses.get(dl4jLosses.size() - 1),
				withinPercentage(10));
		// Training mode, so the running statistics were updated from the helper's.
		assertThat(
				relativeDifference(lantern.outputSingle(batch.getFeatures()), dl4j.outputSingle(batch.getFeatures())))
			.isLessThan(1e-2);
	}

	private static List<Object> batchNormHelpers(ComputationGraph graph) {
		List<Object> helpers = new ArrayList<>();
		for (Layer layer : graph.getLayers()) {
			if (layer instanceof BatchNormalization batchNorm) {
				helpers.add(batchNorm.getHelper());
			}
		}
		assertThat(helpers).hasSize(22);
		return helpers;
	}

	/**
	 * The training loss (without the weight decay term) of the first batch before each of
	 * eight steps and after the last.
	 */
	private static List<Double> losses(ComputationGraph graph) {
		List<DataSet> batches = List.of(OneDnnResNetTests.batch(8, 3, 64), OneDnnResNetTests.batch(8, 4, 64));
		List<Double> losses = new ArrayList<>();
		for (int step = 0; step < 8; step++) {
			losses.add(loss(graph, batches.get(0)));
			graph.fit(batches.get(step % 2));
		}
		losses.add(loss(graph, batches.get(0)));
		return losses;
	}

	private static double loss(ComputationGraph graph, DataSet batch) {
		return graph.score(batch, true) - graph.calcRegularizationScore(true);
	}

	private static INDArray gradient(ComputationGraph graph, DataSet batch) {
		graph.setInputs(batch.getFeatures());
		graph.setLabels(batch.getLabels());
		graph.computeGradientAndScore();
		return graph.gradient().gradient().dup();
	}

	private static double relativeDifference(INDArray actual, INDArray expected) {
		return actual.sub(expected).amaxNumber().doubleValue() / expected.amaxNumber().doubleValue();
	}

}
