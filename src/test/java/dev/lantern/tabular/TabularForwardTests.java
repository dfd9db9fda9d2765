package dev.lantern.tabular;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * The inference pass without the graph against DL4J's {@code graph.output(false, ...)}:
 * the same outputs to float rounding, on trained networks (BatchNorm statistics moved
 * away from their initial values) and on a saved and restored one.
 */
class TabularForwardTests {

	@Test
	void computesWhatTheGraphComputesOnATrainedNetwork() throws Exception {
		TabularProcs procs = procs(3, 4);
		ComputationGraph graph = trained(procs, List.of(64, 32), List.of(0.1, 0.2), 0.04);
		TabularProcs.Encoded rows = encoded(procs, 300, 5);
		assertMatches(graph, procs, rows);
		ByteArrayOutputStream saved = new ByteArrayOutputStream();
		ModelSerializer.writeModel(graph, saved, false);
		ComputationGraph restored = ModelSerializer
			.restoreComputationGraph(new ByteArrayInputStream(saved.toByteArray()), false);
		assertMatches(restored, procs, rows);
	}

	@Test
	void handlesNetworksWithoutContinuousOrCategoricalColumnsOrDropoutOrHiddenLayers() throws Exception {
		TabularProcs categoricalOnly = procs(2, 0);
		assertMatches(trained(categoricalOnly, List.of(16), List.of(0.0), 0), categoricalOnly,
				encoded(categoricalOnly, 50, 6));
		TabularProcs continuousOnly = procs(0, 3);
		assertMatches(trained(continuousOnly, List.of(16, 8), List.of(0.0, 0.5), 0.1), continuousOnly,
				encoded(continuousOnly, 50, 7));
		// No hidden layer: the output layer takes the first layer's place (its bias in
		// the
		// weights' last row).
		TabularProcs both = procs(2, 2);
		assertMatches(trained(both, List.of(), List.of(), 0.04), both, encoded(both, 50, 8));
	}

	@Test
	void foldsBatchNormsWithMovedStatisticsIntoTheNextLayer() {
		TabularProcs procs = procs(4, 3);
		ComputationGraph graph = TabularNetwork.build(procs,
				new TabularSettings(List.of(48, 24), List.of(0.1, 0.1), 0.04, 1.2, 1, 1e-2, 0.01, 32, 5), 10, 40);
		// Statistics and affine parameters far from their initial values (0, 1, 1, 0),
		// some scales small and some large, in every BatchNorm (continuous and hidden).
		SplittableRandom random = new SplittableRandom(11);
		for (Layer layer : graph.getLayers()) {
			if (layer.conf().getLayer() instanceof BatchNormalization) {
				for (String key : List.of(BatchNormalizationParamInitializer.GLOBAL_MEAN,
						BatchNormalizationParamInitializer.GLOBAL_VAR,
						BatchNormalizationParamInitializer.GLOBAL_LOG_STD, BatchNormalizationParamInitializer.GAMMA,
						BatchNormalizationParamInitializer.BETA)) {
					INDArray param = layer.getParam(key);
					if (param == null) {
						continue;
					}
					for (long i = 0; i < param.length(); i++) {
						double value = switch (key) {
							case BatchNormalizationParamInitializer.GLOBAL_VAR -> 0.05 + 4 * random.nextDouble();
							case BatchNormalizationParamInitializer.GLOBAL_LOG_STD -> random.nextDouble(-0.6, 0.6);
							case BatchNormalizationParamInitializer.GAMMA -> random.nextDouble(0.1, 3);
							default -> random.nextDouble(-2, 2);
						};
						param.putScalar(i, value);
					}
				}
			}
		}
		assertMatches(graph, procs, encoded(procs, 200, 12));
	}

	@Test
	void predictsOneRowAndRowsAcrossChunkBoundaries() {
		TabularProcs procs = procs(3, 2);
		ComputationGraph graph = trained(procs, List.of(16, 8), List.of(0.0, 0.1), 0.04);
		TabularForward forward = TabularForward.of(graph, procs);
		// Two full chunks and one row more: three passes, the last over one row.
		TabularProcs.Encoded rows = encoded(procs, 2 * TabularForward.CHUNK + 1, 13);
		float[] all = assertMatches(graph, procs, rows);
		// Any range gives the rows of the whole: one row, a range across a boundary, one
		// ending at the last row; and again after a call of more rows (kept buffers).
		for (int[] range : new int[][] { { 0, 1 }, { TabularForward.CHUNK - 3, TabularForward.CHUNK + 5 },
				{ 2 * TabularForward.CHUNK, 2 * TabularForward.CHUNK + 1 }, { 5, 2 * TabularForward.CHUNK + 1 },
				{ 7, 8 } }) {
			float[] part = forward.output(rows, range[0], range[1]);
			assertClose(part, java.util.Arrays.copyOfRange(all, range[0], range[1]),
					"rows " + range[0] + " to " + range[1]);
		}
		assertThat(forward.output(rows, 4, 4)).isEmpty();
		// Released buffers: the next call allocates new ones.
		forward.release();
		assertClose(forward.output(rows, 0, 10), java.util.Arrays.copyOfRange(all, 0, 10), "after release");
		TabularProcs.Encoded one = encoded(procs, 1, 14);
		assertClose(forward.output(one, 0, 1), TabularBatches.predictLog(graph, one), "one row");
	}

	@Test
	void givesTheSameOutputsToSeveralThreadsAtOnce() throws Exception {
		TabularProcs procs = procs(2, 2);
		ComputationGraph graph = trained(procs, List.of(32), List.of(0.0), 0);
		TabularForward forward = TabularForward.of(graph, procs);
		List<TabularProcs.Encoded> inputs = IntStream.range(0, 8)
			.mapToObj((i) -> encoded(procs, 100 + 700 * i, 20 + i))
			.toList();
		List<float[]> expected = inputs.stream().map((rows) -> forward.output(rows, 0, rows.rows())).toList();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<float[]>> results = new ArrayList<>();
			for (int repeat = 0; repeat < 3; repeat++) {
				for (TabularProcs.Encoded rows : inputs) {
					results.add(pool.submit(() -> forward.output(rows, 0, rows.rows())));
				}
			}
			for (int i = 0; i < results.size(); i++) {
				assertClose(results.get(i).get(60, TimeUnit.SECONDS), expected.get(i % inputs.size()), "call " + i);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void refusesCategoryIndexesOutsideTheEmbedding() {
		TabularProcs procs = procs(1, 1);
		TabularForward forward = TabularForward.of(trained(procs, List.of(8), List.of(0.0), 0), procs);
		TabularProcs.Encoded bad = new TabularProcs.Encoded(1, new int[][] { { 99 } }, new float[][] { { 0f } },
				new BitSet[] { new BitSet() });
		assertThatIllegalArgumentException().isThrownBy(() -> forward.output(bad, 0, 1))
			.withMessageContaining("Category index 99");
	}

	@Test
	void declinesAGraphItDoesNotKnow() {
		assertThat(TabularForward.of(unknownGraph(), procs(0, 2))).isNull();
	}

	/**
	 * A graph {@link TabularNetwork} did not build: two continuous inputs, one dense
	 * layer.
	 */
	static ComputationGraph unknownGraph() {
		ComputationGraph other = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder()
			.addInputs("cont")
			.addLayer("dense_0", new DenseLayer.Builder().nIn(2).nOut(3).build(), "cont")
			.addLayer("output",
					new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3)
						.nOut(1)
						.activation(Activation.IDENTITY)
						.build(),
					"dense_0")
			.setOutputs("output")
			.build());
		other.init();
		return other;
	}

	private static float[] assertMatches(ComputationGraph graph, TabularProcs procs, TabularProcs.Encoded rows) {
		TabularForward forward = TabularForward.of(graph, procs);
		assertThat(forward).isNotNull();
		float[] expected = TabularBatches.predictLog(graph, rows);
		float[] actual = TabularBatches.predictLog(forward, rows);
		assertThat(actual).hasSize(expected.length);
		for (int i = 0; i < expected.length; i++) {
			assertThat(actual[i]).as("row %d", i).isCloseTo(expected[i], within(2e-5f * Math.max(1, expected[i])));
		}
		// The outputs vary: a constant output would match trivially.
		assertThat(expected[0]).isNotEqualTo(expected[1]);
		assertThat(TabularBatches.predictLog(graph, procs, rows)).containsExactly(actual);
		return actual;
	}

	/**
	 * The same values to float rounding: the backend's product may round differently for
	 * another number of rows or threads.
	 */
	private static void assertClose(float[] actual, float[] expected, String what) {
		assertThat(actual).as(what).hasSize(expected.length);
		for (int i = 0; i < expected.length; i++) {
			assertThat(actual[i]).as("%s, row %d", what, i)
				.isCloseTo(expected[i], within(1e-5f * Math.max(1, Math.abs(expected[i]))));
		}
	}

	/** A network trained a few steps on random rows, its BatchNorm statistics moved. */
	private static ComputationGraph trained(TabularProcs procs, List<Integer> layers, List<Double> ps,
			double embeddingDropout) {
		TabularSettings settings = new TabularSettings(layers, ps, embeddingDropout, 1.2, 1, 1e-2, 0.01, 32, 3);
		ComputationGraph graph = TabularNetwork.build(procs, settings, 10, 40);
		TabularProcs.Encoded rows = encoded(procs, 64, 1);
		SplittableRandom random = new SplittableRandom(2);
		for (int step = 0; step < 40; step++) {
			int from = (step % 2) * 32;
			float[] labels = new float[32];
			for (int i = 0; i < labels.length; i++) {
				labels[i] = (float) (3 + 4 * random.nextDouble());
			}
			INDArray label = Nd4j.create(labels, new long[] { 32, 1 }, DataType.FLOAT);
			graph.fit(new MultiDataSet(TabularBatches.inputs(rows, null, from, from + 32), new INDArray[] { label }));
		}
		return graph;
	}

	static TabularProcs procs(int categorical, int continuous) {
		int[] cardinalities = { 40, 3, 7, 12 };
		return new TabularProcs(
				IntStream.range(0, categorical)
					.mapToObj((c) -> new TabularProcs.Categorical("cat" + c, classes(cardinalities[c]), null))
					.toList(),
				IntStream.range(0, continuous)
					.mapToObj((c) -> new TabularProcs.Continuous("cont" + c, 0, 0, 1))
					.toList());
	}

	static TabularProcs.Encoded encoded(TabularProcs procs, int rows, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		int[][] codes = new int[procs.categorical().size()][rows];
		BitSet[] unseen = new BitSet[codes.length];
		for (int c = 0; c < codes.length; c++) {
			int cardinality = procs.categorical().get(c).cardinality();
			for (int i = 0; i < rows; i++) {
				codes[c][i] = random.nextInt(cardinality);
			}
			unseen[c] = new BitSet();
		}
		float[][] continuous = new float[procs.continuous().size()][rows];
		for (float[] column : continuous) {
			for (int i = 0; i < rows; i++) {
				column[i] = (float) (2 + 3 * random.nextGaussian());
			}
		}
		return new TabularProcs.Encoded(rows, codes, continuous, unseen);
	}

	private static List<String> classes(int count) {
		return IntStream.range(0, count).mapToObj((i) -> (i == 0) ? TabularProcs.NA : "c" + i).toList();
	}

}
