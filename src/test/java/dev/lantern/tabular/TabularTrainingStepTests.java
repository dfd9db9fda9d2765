package dev.lantern.tabular;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import dev.lantern.system.backend.onednn.OneDnnHelpers;
import dev.lantern.tabular.rossmann.RossmannSamples;
import dev.lantern.training.LrFinder;
import dev.lantern.training.LrFinderResult;
import dev.lantern.training.TrainingCallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The fast training step against DL4J's {@code graph.fit}: from the same parameters and
 * batches with dropout off, the same parameters (weights, BatchNorm running statistics),
 * losses and iteration counter after one and several steps; through the learning-rate
 * finder's sweep; and with dropout on, training that ends as good as DL4J's.
 */
class TabularTrainingStepTests {

	@TempDir
	static Path data;

	@ParameterizedTest(name = "oneDNN helpers {0}")
	@ValueSource(booleans = { false, true })
	void matchesGraphFitStepByStep(boolean helpers) {
		String before = System.getProperty(OneDnnHelpers.DISABLE_PROPERTY);
		OneDnnHelpers.configure(helpers);
		try {
			TabularProcs procs = TabularForwardTests.procs(3, 4);
			TabularSettings settings = new TabularSettings(List.of(64, 32), List.of(0.0, 0.0), 0, 1.2, 1, 3e-2, 0.1, 32,
					5);
			ComputationGraph expected = TabularNetwork.build(procs, settings, 10, 12);
			ComputationGraph actual = expected.clone();
			TabularProcs.Encoded rows = TabularForwardTests.encoded(procs, 200, 3);
			float[] target = targets(rows.rows(), 4);
			int[] order = IntStream.range(0, rows.rows()).map((i) -> (i * 37) % rows.rows()).toArray();
			TabularTrainingStep step = TabularTrainingStep.of(actual, procs, 1);
			assertThat(step).isNotNull();
			// Batches of 32, and one of 20: two buffer sizes.
			int[][] batches = { { 0, 32 }, { 32, 64 }, { 64, 84 }, { 84, 116 }, { 116, 148 }, { 148, 180 } };
			for (int s = 0; s < batches.length; s++) {
				int from = batches[s][0];
				int to = batches[s][1];
				// DL4J's score adds the regularization term of the parameters before the
				// step.
				double regularization = expected.calcRegularizationScore(true);
				expected.fit(batch(rows, order, from, to, target));
				double expectedLoss = expected.score() - regularization;
				double actualLoss = step.fit(rows, order, from, to, target);
				assertThat(actualLoss).as("loss of step %d", s).isCloseTo(expectedLoss, relative(1e-5, expectedLoss));
				assertSameParameters(expected, actual, "step " + s);
			}
			assertThat(actual.getConfiguration().getIterationCount())
				.isEqualTo(expected.getConfiguration().getIterationCount())
				.isEqualTo(batches.length);
			// The parameters moved: matching the initial ones would be trivial.
			assertThat(actual.params().equalsWithEps(TabularNetwork.build(procs, settings, 10, 12).params(), 1e-3))
				.isFalse();
			// Both predict the same afterwards (BatchNorm statistics included).
			float[] a = TabularBatches.predictLog(expected, procs, rows);
			float[] b = TabularBatches.predictLog(actual, procs, rows);
			for (int i = 0; i < a.length; i++) {
				assertThat(b[i]).isCloseTo(a[i], org.assertj.core.api.Assertions.within(1e-4f * Math.abs(a[i])));
			}
		}
		finally {
			if (before == null) {
				System.clearProperty(OneDnnHelpers.DISABLE_PROPERTY);
			}
			else {
				System.setProperty(OneDnnHelpers.DISABLE_PROPERTY, before);
			}
		}
	}

	@Test
	void matchesGraphFitWithoutCategoricalColumnsAndWithOneHiddenLayer() {
		TabularProcs procs = TabularForwardTests.procs(0, 3);
		TabularSettings settings = new TabularSettings(List.of(16), List.of(0.0), 0, 1.2, 1, 1e-2, 0.2, 16, 9);
		ComputationGraph expected = TabularNetwork.build(procs, settings, 8, 6);
		ComputationGraph actual = expected.clone();
		TabularProcs.Encoded rows = TabularForwardTests.encoded(procs, 64, 5);
		float[] target = targets(rows.rows(), 6);
		TabularTrainingStep step = TabularTrainingStep.of(actual, procs, 1);
		for (int s = 0; s < 4; s++) {
			expected.fit(batch(rows, null, s * 16, s * 16 + 16, target));
			step.fit(rows, null, s * 16, s * 16 + 16, target);
		}
		assertSameParameters(expected, actual, "continuous only");
		TabularProcs categorical = TabularForwardTests.procs(2, 0);
		ComputationGraph expected2 = TabularNetwork.build(categorical, settings, 8, 6);
		ComputationGraph actual2 = expected2.clone();
		TabularProcs.Encoded rows2 = TabularForwardTests.encoded(categorical, 64, 7);
		TabularTrainingStep step2 = TabularTrainingStep.of(actual2, categorical, 1);
		for (int s = 0; s < 4; s++) {
			expected2.fit(batch(rows2, null, s * 16, s * 16 + 16, target));
			step2.fit(rows2, null, s * 16, s * 16 + 16, target);
		}
		assertSameParameters(expected2, actual2, "categorical only");
	}

	@Test
	void followsTheLearningRateFinderSweepAndIsRestoredAfterIt() {
		TabularProcs procs = TabularForwardTests.procs(3, 2);
		TabularSettings settings = new TabularSettings(List.of(32, 16), List.of(0.0, 0.0), 0, 1.2, 1, 1e-2, 0.1, 32,
				11);
		ComputationGraph expected = TabularNetwork.build(procs, settings, 10, 100);
		ComputationGraph actual = expected.clone();
		INDArray initial = actual.params().dup();
		TabularProcs.Encoded rows = TabularForwardTests.encoded(procs, 96, 8);
		float[] target = targets(rows.rows(), 9);
		TabularTrainingStep step = TabularTrainingStep.of(actual, procs, 1);
		LrFinder.Settings sweep = new LrFinder.Settings(1e-4, 1, 6, false);
		int[] cursor = { 0, 0 };
		LrFinderResult dl4j = LrFinder.find(expected, sweep, () -> {
			int from = (cursor[0]++ % 3) * 32;
			double regularization = expected.calcRegularizationScore(true);
			expected.fit(batch(rows, null, from, from + 32, target));
			return expected.score() - regularization;
		}, new TrainingCallback() {
		});
		List<INDArray> during = new ArrayList<>();
		LrFinderResult fast = LrFinder.find(actual, sweep, () -> {
			int from = (cursor[1]++ % 3) * 32;
			double loss = step.fit(rows, null, from, from + 32, target);
			during.add(actual.params().dup());
			return loss;
		}, new TrainingCallback() {
		});
		assertThat(fast.losses()).hasSameSizeAs(dl4j.losses()).hasSize(6);
		for (int i = 0; i < 6; i++) {
			assertThat(fast.lrs()[i]).isEqualTo(dl4j.lrs()[i]);
			assertThat(fast.losses()[i]).as("sweep step %d", i)
				.isCloseTo(dl4j.losses()[i], relative(1e-4, dl4j.losses()[i]));
		}
		// The sweep's last steps, at rates near 1, moved the parameters far; afterwards
		// they
		// are back.
		assertThat(during.get(5).equalsWithEps(initial, 1e-2)).isFalse();
		assertThat(actual.params()).isEqualTo(initial);
		assertThat(actual.getConfiguration().getIterationCount()).isZero();
	}

	@Test
	void trainsAsWellAsGraphFitWithDropoutOn() throws Exception {
		RossmannSamples.write(data, 20, 300, RossmannModelTests.SIGMA, 42, LocalDate.of(2014, 1, 1));
		TrainingTable table = TabularTestModel.load(RossmannSamples.preset(), data, RossmannModelTests.VALID_DAYS);
		TabularSettings settings = new TabularSettings(List.of(200, 100), List.of(0.001, 0.01), 0.04, 1.2, 6, 1e-2, 0.2,
				128, 7);
		double[] rmspe = new double[2];
		long[] millis = new long[2];
		boolean before = TabularTrainer.fastTraining;
		try {
			for (int fast = 0; fast < 2; fast++) {
				TabularTrainer.fastTraining = fast == 1;
				long start = System.nanoTime();
				TabularTrainer.Result result = TabularTrainer.fit(table.features(), table.split(), "Sales",
						table.schema().categorical(), table.schema().continuous(), settings, new TrainingCallback() {
						});
				millis[fast] = (System.nanoTime() - start) / 1_000_000;
				rmspe[fast] = result.last().metrics().get("rmspe");
			}
		}
		finally {
			TabularTrainer.fastTraining = before;
		}
		double floor = RossmannSamples.rmspeFloor(RossmannModelTests.SIGMA);
		System.out.printf("rmspe graph.fit %.4f (%d ms), fast step %.4f (%d ms), floor %.4f%n", rmspe[0], millis[0],
				rmspe[1], millis[1], floor);
		// This small set leaves both above RossmannModelTests' 1.3 times the floor.
		assertThat(rmspe[1]).isLessThan(2 * floor).isLessThan(1.1 * rmspe[0]);
	}

	@Test
	void fusedUpdateMatchesDl4jsUpdaterWithDropoutOn() {
		TabularProcs procs = TabularForwardTests.procs(4, 3);
		// A high rate and weight decay; one-cycle over 8 iterations moves the rate at
		// every step.
		TabularSettings settings = new TabularSettings(List.of(48, 24), List.of(0.1, 0.2), 0.1, 1.2, 1, 5e-2, 0.3, 32,
				3);
		ComputationGraph expected = TabularNetwork.build(procs, settings, 10, 8);
		ComputationGraph actual = expected.clone();
		TabularProcs.Encoded rows = TabularForwardTests.encoded(procs, 128, 4);
		float[] target = targets(rows.rows(), 5);
		// The same seed: the same dropout draws on both sides.
		TabularTrainingStep dl4j = TabularTrainingStep.of(expected, procs, 5);
		TabularTrainingStep fused = TabularTrainingStep.of(actual, procs, 5);
		boolean before = TabularTrainingStep.fusedUpdate;
		try {
			for (int s = 0; s < 8; s++) {
				int from = (s % 4) * 32;
				TabularTrainingStep.fusedUpdate = false;
				double expectedLoss = dl4j.fit(rows, null, from, from + 32, target);
				TabularTrainingStep.fusedUpdate = true;
				double actualLoss = fused.fit(rows, null, from, from + 32, target);
				assertThat(actualLoss).as("loss of step %d", s).isCloseTo(expectedLoss, relative(1e-5, expectedLoss));
				assertSameParameters(expected, actual, "step " + s);
			}
		}
		finally {
			TabularTrainingStep.fusedUpdate = before;
		}
		assertThat(dl4j.fusedSteps).isZero();
		assertThat(fused.fusedSteps).isEqualTo(8);
		assertThat(actual.getConfiguration().getIterationCount()).isEqualTo(8);
		assertThat(actual.params().equalsWithEps(TabularNetwork.build(procs, settings, 10, 8).params(), 1e-2))
			.isFalse();
		// The updater state is DL4J's: graph.fit goes on from it as from DL4J's own.
		assertThat(
				actual.getUpdater().getStateViewArray().equalsWithEps(expected.getUpdater().getStateViewArray(), 1e-5))
			.isTrue();
	}

	@Test
	void dropsEachUnitWithItsProbability() {
		TabularTrainingStep.Drops drops = new TabularTrainingStep.Drops();
		SplittableRandom random = new SplittableRandom(3);
		int size = 1_000_000;
		for (double keep : new double[] { 0.999, 0.99, 0.96, 0.5, 0.05 }) {
			drops.draw(random, keep, size);
			double expected = (1 - keep) * size;
			double sd = Math.sqrt(size * keep * (1 - keep));
			assertThat((double) drops.count).as("keep %s", keep).isCloseTo(expected, within(5 * sd));
			for (int i = 0; i < drops.count; i++) {
				assertThat(drops.at[i]).isBetween((i == 0) ? 0 : drops.at[i - 1] + 1, size - 1);
			}
		}
		// Units of the first and the second half dropped alike (no drift along the
		// array).
		drops.draw(random, 0.9, size);
		long firstHalf = IntStream.range(0, drops.count).filter((i) -> drops.at[i] < size / 2).count();
		assertThat((double) firstHalf).isCloseTo(drops.count / 2.0, within(5 * Math.sqrt(drops.count / 4.0)));
		drops.draw(random, 1, size);
		assertThat(drops.count).isZero();
	}

	@Test
	void rowPassesComputeWhatTheirFormulasSay() {
		int n = 3;
		int w = 4;
		// Zero, the smallest subnormal, a small normal and ordinary values: the ReLU mask
		// of the backward pass passes every positive float and stops only zero.
		float[] product = { -1f, 0f, Float.MIN_VALUE, 2.5f, -3f, 1e-38f, 0.5f, 7f, 4f, -0f, -1e-30f, 1f };
		float[] bias = { 0.5f, 0f, 0f, -0.5f };
		FloatBuffer backend = FloatBuffer.wrap(product.clone());
		float[] z = new float[n * w];
		float[] row = new float[w];
		float[] zRow = new float[w];
		float[] sum = new float[w];
		float[] square = new float[w];
		TabularTrainingStep.biasRelu(backend, z, row, bias, n, w, sum, square);
		for (int j = 0; j < w; j++) {
			float s = 0;
			float q = 0;
			for (int r = 0; r < n; r++) {
				float v = Math.max(product[r * w + j] + bias[j], 0f);
				assertThat(z[r * w + j]).as("relu(%d, %d)", r, j).isEqualTo(v);
				s += v;
				q += v * v;
			}
			assertThat(sum[j]).isEqualTo(s);
			assertThat(square[j]).isEqualTo(q);
		}
		assertThat(z[1]).isZero();
		assertThat(z[2]).isEqualTo(Float.MIN_VALUE);
		assertThat(z[5]).isEqualTo(1e-38f);
		float[] a = { 2f, -1f, 0.5f, 3f };
		float[] c = { 0.25f, 1f, -2f, 0f };
		float[] k = { -0.5f, 0.125f, 4f, 1f };
		FloatBuffer out = FloatBuffer.allocate(n * w);
		TabularTrainingStep.normalize(z, out, row, n, w, a, c);
		float[] d = { 1f, -2f, 3f, 0.5f, -1f, 2f, 0.25f, -4f, 8f, 1f, -1f, 2f };
		for (int i = 0; i < n * w; i++) {
			assertThat(out.get(i)).isEqualTo(z[i] * a[i % w] + c[i % w]);
		}
		FloatBuffer gradient = FloatBuffer.wrap(d.clone());
		TabularTrainingStep.gradientSums(gradient, z, row, zRow, n, w, sum, square);
		for (int j = 0; j < w; j++) {
			assertThat(sum[j]).isEqualTo(d[j] + d[w + j] + d[2 * w + j]);
			assertThat(square[j]).isEqualTo(d[j] * z[j] + d[w + j] * z[w + j] + d[2 * w + j] * z[2 * w + j]);
		}
		TabularTrainingStep.backThroughNormAndRelu(gradient, z, row, zRow, n, w, a, c, k, sum);
		for (int j = 0; j < w; j++) {
			float biasSum = 0;
			for (int r = 0; r < n; r++) {
				int i = r * w + j;
				float expected = (z[i] > 0) ? (d[i] * a[j] + c[j]) + z[i] * k[j] : 0f;
				assertThat(gradient.get(i)).as("gradient(%d, %d), z %s", r, j, z[i]).isEqualTo(expected);
				biasSum += expected;
			}
			assertThat(sum[j]).isEqualTo(biasSum);
		}
		assertThat(gradient.get(2)).as("behind the subnormal").isNotZero();
		assertThat(gradient.get(1)).as("behind zero").isZero();
	}

	@Test
	void declinesAGraphItDoesNotKnow() {
		assertThat(TabularTrainingStep.of(TabularForwardTests.unknownGraph(), TabularForwardTests.procs(0, 2), 1))
			.isNull();
	}

	private static void assertSameParameters(ComputationGraph expected, ComputationGraph actual, String when) {
		Map<String, INDArray> table = expected.paramTable();
		Map<String, INDArray> mine = actual.paramTable();
		assertThat(mine.keySet()).isEqualTo(table.keySet());
		for (Map.Entry<String, INDArray> entry : table.entrySet()) {
			float[] a = entry.getValue().dup('c').data().asFloat();
			float[] b = mine.get(entry.getKey()).dup('c').data().asFloat();
			double scale = 0;
			for (float value : a) {
				scale = Math.max(scale, Math.abs(value));
			}
			for (int i = 0; i < a.length; i++) {
				assertThat((double) b[i]).as("%s %s[%d]", when, entry.getKey(), i)
					.isCloseTo(a[i], org.assertj.core.api.Assertions.within(1e-4 * Math.abs(a[i]) + 1e-5 * scale));
			}
		}
	}

	private static org.assertj.core.data.Offset<Double> relative(double tolerance, double value) {
		return org.assertj.core.api.Assertions.within(tolerance * Math.abs(value));
	}

	private static MultiDataSet batch(TabularProcs.Encoded rows, int[] order, int from, int to, float[] target) {
		float[] labels = new float[to - from];
		for (int i = from; i < to; i++) {
			labels[i - from] = target[(order != null) ? order[i] : i];
		}
		return new MultiDataSet(TabularBatches.inputs(rows, order, from, to),
				new INDArray[] { Nd4j.create(labels, new long[] { to - from, 1 }, DataType.FLOAT) });
	}

	private static float[] targets(int rows, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		float[] target = new float[rows];
		for (int i = 0; i < rows; i++) {
			target[i] = (float) (3 + 4 * random.nextDouble());
		}
		return target;
	}

}
