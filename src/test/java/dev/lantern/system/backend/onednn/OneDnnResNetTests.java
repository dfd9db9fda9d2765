package dev.lantern.system.backend.onednn;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
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

/**
 * oneDNN against DL4J's built-in code on the same small ResNet. The switch is read when a
 * layer is created, so one JVM can hold a network of each kind.
 */
class OneDnnResNetTests {

	/**
	 * A small ResNet-18 without dropout, so training-mode passes are deterministic; 64
	 * pixels leave 2x2 maps in the last stage.
	 */
	private static final NetSpec SMALL = NetSpec.of(Architecture.RESNET18, 3, 64)
		.withBaseWidth(8)
		.withHead(new HeadOptions(0, 32, false));

	private final VisionNets nets = new VisionNets(new NetsProperties(null));

	@AfterAll
	static void restore() {
		OneDnnHelpers.configure(true);
	}

	@Test
	void everyConvBatchNormAndPoolingLayerRunsThroughOneDnnAndNoneFallsBack() {
		ComputationGraph graph = build(true, SMALL);
		graph.fit(batch(2, 1, 64));

		List<LayerHelperState> states = OneDnnLayers.inspect(graph);

		assertThat(states).extracting(LayerHelperState::type)
			.contains("ConvolutionLayer", "BatchNormalization", "SubsamplingLayer");
		// conv1, 16 block convolutions and 3 projections; as many BatchNorms; the max
		// pool,
		// plus the head's two BatchNorms.
		assertThat(states).hasSize(20 + 20 + 1 + 2);
		assertThat(states).allSatisfy((state) -> {
			assertThat(state.active()).as(state.layer()).isTrue();
			assertThat(state.helper()).isEqualTo(switch (state.type()) {
				case "ConvolutionLayer" -> "OneDnnConvHelper";
				case "BatchNormalization" -> "OneDnnBatchNormHelper";
				default -> "MKLDNNSubsamplingHelper";
			});
		});
	}

	@Test
	void switchedOffNoLayerGetsAHelper() {
		ComputationGraph graph = build(false, SMALL);
		graph.fit(batch(2, 1, 64));

		assertThat(OneDnnLayers.inspect(graph)).isNotEmpty().allSatisfy((state) -> {
			assertThat(state.active()).isFalse();
			assertThat(state.helper()).isNull();
		});
	}

	@Test
	void oneDnnGivesTheBuiltInOutputsAndGradients() {
		ComputationGraph oneDnn = build(true, SMALL);
		ComputationGraph builtIn = build(false, SMALL);
		assertThat(oneDnn.params()).isEqualTo(builtIn.params());
		DataSet batch = batch(4, 2, 64);

		assertThat(
				relativeDifference(oneDnn.outputSingle(batch.getFeatures()), builtIn.outputSingle(batch.getFeatures())))
			.isLessThan(1e-5);
		INDArray oneDnnGradient = gradient(oneDnn, batch);
		INDArray builtInGradient = gradient(builtIn, batch);
		assertThat(oneDnn.score()).isCloseTo(builtIn.score(), within(1e-5));
		// Float rounding differs between the algorithms, amplified by training-mode
		// BatchNorm over few values (2x2 maps in the last stage); a wrong result differs
		// by orders of magnitude more.
		assertThat(oneDnnGradient.distance2(builtInGradient) / builtInGradient.norm2Number().doubleValue())
			.isLessThan(3e-4);
		assertThat(relativeDifference(oneDnnGradient, builtInGradient)).isLessThan(2e-3);
		assertThat(builtInGradient.norm2Number().doubleValue()).isGreaterThan(0);
	}

	@Test
	void trainingIsStableAndLearnsAsWithoutOneDnn() {
		NetSpec spec = NetSpec.of(Architecture.RESNET18, 3, 32).withBaseWidth(8);
		List<Double> oneDnn = losses(build(true, spec));
		List<Double> builtIn = losses(build(false, spec));

		for (List<Double> losses : List.of(oneDnn, builtIn)) {
			assertThat(losses).allSatisfy((loss) -> assertThat(loss).isFinite());
			assertThat(mean(losses.subList(losses.size() - 3, losses.size()))).isLessThan(0.7 * losses.get(0));
		}
		// the loss falls steeply over these steps, so the two runs are compared against
		// where
		// they started: a relative tolerance on the last loss would judge the slope
		assertThat(oneDnn.get(oneDnn.size() - 1)).isCloseTo(builtIn.get(builtIn.size() - 1),
				within(0.1 * builtIn.get(0)));
	}

	private ComputationGraph build(boolean oneDnn, NetSpec spec) {
		OneDnnHelpers.configure(oneDnn);
		try {
			return this.nets.create(spec).graph();
		}
		finally {
			OneDnnHelpers.configure(true);
		}
	}

	/**
	 * The training loss (without the weight decay term) of the first batch before each of
	 * eight steps and after the last, with the same dropout masks each time.
	 */
	private static List<Double> losses(ComputationGraph graph) {
		List<DataSet> batches = List.of(batch(8, 3), batch(8, 4));
		List<Double> losses = new ArrayList<>();
		for (int step = 0; step < 8; step++) {
			losses.add(loss(graph, batches.get(0)));
			Nd4j.getRandom().setSeed(100 + step);
			graph.fit(batches.get(step % 2));
		}
		losses.add(loss(graph, batches.get(0)));
		return losses;
	}

	private static double loss(ComputationGraph graph, DataSet batch) {
		Nd4j.getRandom().setSeed(99);
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

	private static double mean(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
	}

	/** Images whose class is told apart by which horizontal band is bright. */
	static DataSet batch(int size, long seed) {
		return batch(size, seed, 32);
	}

	static DataSet batch(int size, long seed, int pixels) {
		Nd4j.getRandom().setSeed(seed);
		INDArray images = Nd4j.rand(DataType.FLOAT, size, 3, pixels, pixels).muli(0.5);
		INDArray labels = Nd4j.zeros(DataType.FLOAT, size, 3);
		for (int i = 0; i < size; i++) {
			int label = (int) ((seed + i) % 3);
			labels.putScalar(i, label, 1);
			images
				.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.interval(label * 10, label * 10 + 10),
						NDArrayIndex.all())
				.addi(1);
		}
		return new DataSet(images, labels);
	}

}
