package dev.lantern.vision.heatmap;

import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Exactness of the heat: the channel mean is the mean of the hooked activations, and
 * Grad-CAM's gradient matches central finite differences through the head in inference
 * mode.
 */
class HeatmapComputerTests {

	private static final int SIZE = 5;

	private static final int CLASSES = 3;

	private static ComputationGraph graph;

	private static INDArray image;

	@BeforeAll
	static void model() {
		graph = TinyClassifier.full(SIZE, CLASSES, 7);
		Nd4j.getRandom().setSeed(11);
		image = Nd4j.rand(DataType.DOUBLE, 1, 3, SIZE, SIZE).subi(0.5).muli(4);
	}

	@Test
	void meanIsTheChannelMeanOfTheBodyActivations() {
		Heatmap heatmap = HeatmapComputer.compute(graph, TinyClassifier.BODY, image, null, HeatmapMethod.MEAN);
		INDArray body = graph.feedForward(image, false).get(TinyClassifier.BODY);
		for (int y = 0; y < SIZE; y++) {
			for (int x = 0; x < SIZE; x++) {
				double sum = 0;
				for (int c = 0; c < body.size(1); c++) {
					sum += body.getDouble(0, c, y, x);
				}
				assertThat((double) heatmap.grid()[y][x]).isCloseTo(sum / body.size(1), within(1e-6));
			}
		}
	}

	@Test
	void defaultClassIsThePrediction() {
		Heatmap heatmap = HeatmapComputer.compute(graph, TinyClassifier.BODY, image, null, HeatmapMethod.GRADCAM);
		float[] expected = graph.outputSingle(image).toFloatVector();
		assertThat(heatmap.probabilities()).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-6f));
		int predicted = 0;
		for (int i = 1; i < expected.length; i++) {
			predicted = (expected[i] > expected[predicted]) ? i : predicted;
		}
		assertThat(heatmap.classIndex()).isEqualTo(predicted);
	}

	@Test
	void gradientMatchesFiniteDifferencesForEveryClass() {
		Map<String, INDArray> activations = graph.feedForward(image, false);
		INDArray body = activations.get(TinyClassifier.BODY).dup();
		ComputationGraph head = TinyClassifier.headOf(graph, SIZE, CLASSES);
		for (int target = 0; target < CLASSES; target++) {
			INDArray analytic = new HeadGradient(graph, activations).gradient(TinyClassifier.BODY, "out", target);
			INDArray numeric = numericGradient(head, body, target);
			assertThat(analytic.shape()).isEqualTo(body.shape());
			double scale = Math.max(1e-3, maxAbs(numeric));
			double error = maxAbs(analytic.sub(numeric));
			assertThat(error / scale).as("relative error for class %d", target).isLessThan(1e-4);
		}
	}

	@Test
	void gradCamIsReluOfGradientWeightedChannels() {
		int target = 1;
		Heatmap heatmap = HeatmapComputer.compute(graph, TinyClassifier.BODY, image, target, HeatmapMethod.GRADCAM);
		INDArray body = graph.feedForward(image, false).get(TinyClassifier.BODY);
		INDArray numeric = numericGradient(TinyClassifier.headOf(graph, SIZE, CLASSES), body.dup(), target);
		assertThat(heatmap.classIndex()).isEqualTo(target);
		for (int y = 0; y < SIZE; y++) {
			for (int x = 0; x < SIZE; x++) {
				double cam = 0;
				for (int c = 0; c < body.size(1); c++) {
					double weight = numeric
						.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
								org.nd4j.linalg.indexing.NDArrayIndex.point(c))
						.meanNumber()
						.doubleValue();
					cam += weight * body.getDouble(0, c, y, x);
				}
				assertThat((double) heatmap.grid()[y][x]).isCloseTo(Math.max(0, cam), within(1e-5));
			}
		}
	}

	@Test
	void hookKeepsTheLayersActivations() {
		INDArray expected = graph.feedForward(image, false).get(TinyClassifier.BODY);
		ActivationHook hook = ActivationHook.on(graph, TinyClassifier.BODY);
		try (hook) {
			assertThat(hook.stored()).isNull();
			hook.forward(image);
			assertThat(hook.stored()).isEqualTo(expected);
		}
		assertThat(hook.stored()).isNull();
	}

	@Test
	void refusesUnknownLayerAndClass() {
		assertThatIllegalArgumentException().isThrownBy(() -> ActivationHook.on(graph, "nope"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HeatmapComputer.compute(graph, TinyClassifier.BODY, image, 9, HeatmapMethod.GRADCAM))
			.withMessageContaining("Class index 9");
	}

	private static double maxAbs(INDArray array) {
		double max = 0;
		for (double value : array.dup().data().asDouble()) {
			max = Math.max(max, Math.abs(value));
		}
		return max;
	}

	@Test
	void worksOnResNetsWithFastaiHeadsAndFinalBatchNorm() {
		dev.lantern.system.backend.onednn.OneDnnHelpers.configure(true);
		var nets = new dev.lantern.vision.nets.VisionNets(new dev.lantern.vision.nets.NetsProperties(null));
		for (boolean bnFinal : new boolean[] { false, true }) {
			var spec = new dev.lantern.vision.nets.NetSpec(dev.lantern.vision.nets.Architecture.RESNET18, 3, 64, 8,
					dev.lantern.vision.nets.HeadOptions.fastai().withBnFinal(bnFinal), 3);
			var net = nets.create(spec, false);
			INDArray picture = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 64, 64);
			assertThat(dev.lantern.vision.nets.VisionNets.bodyOutput(net.graph())).isEqualTo(net.bodyOutput());
			Heatmap gradCam = HeatmapComputer.compute(net.graph(), net.bodyOutput(), picture, 2, HeatmapMethod.GRADCAM);
			Heatmap mean = HeatmapComputer.compute(net.graph(), net.bodyOutput(), picture, null, HeatmapMethod.MEAN);
			assertThat(gradCam.height()).isEqualTo(2);
			assertThat(gradCam.width()).isEqualTo(2);
			assertThat(gradCam.classIndex()).isEqualTo(2);
			for (float[] row : gradCam.grid()) {
				for (float value : row) {
					assertThat(value).isGreaterThanOrEqualTo(0f).isFinite();
				}
			}
			INDArray body = net.graph().feedForward(picture, false).get(net.bodyOutput());
			assertThat((double) mean.grid()[1][0]).isCloseTo(body
				.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all(),
						org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.point(0))
				.meanNumber()
				.doubleValue(), within(1e-5));
		}
	}

	/** Central differences of the class logit with respect to each body activation. */
	private static INDArray numericGradient(ComputationGraph head, INDArray body, int target) {
		double epsilon = 1e-6;
		INDArray gradient = body.like();
		long[] shape = body.shape();
		for (int c = 0; c < shape[1]; c++) {
			for (int y = 0; y < shape[2]; y++) {
				for (int x = 0; x < shape[3]; x++) {
					double original = body.getDouble(0, c, y, x);
					body.putScalar(new int[] { 0, c, y, x }, original + epsilon);
					double plus = logit(head, body, target);
					body.putScalar(new int[] { 0, c, y, x }, original - epsilon);
					double minus = logit(head, body, target);
					body.putScalar(new int[] { 0, c, y, x }, original);
					gradient.putScalar(new int[] { 0, c, y, x }, (plus - minus) / (2 * epsilon));
				}
			}
		}
		return gradient;
	}

	private static double logit(ComputationGraph head, INDArray body, int target) {
		INDArray beforeOutput = head.feedForward(body, false).get("drop2");
		INDArray weights = head.getLayer("out").getParam("W");
		INDArray bias = head.getLayer("out").getParam("b");
		return beforeOutput.mmul(weights.getColumn(target)).getDouble(0) + bias.getDouble(target);
	}

}
