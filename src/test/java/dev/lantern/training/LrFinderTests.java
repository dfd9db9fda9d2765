package dev.lantern.training;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

class LrFinderTests {

	/**
	 * The curve of the reference script: fastai's {@code valley}, {@code steep} and
	 * {@code minimum} (copied from fastai/callback/schedule.py, run with numpy on the
	 * same losses) gave these rates.
	 */
	@Test
	void suggestsWhatFastaiSuggestsOnTheSameCurve() {
		LrFinderResult result = LrFinder.run(LrFinder.Settings.FASTAI, curve(1), TrainingCallback.NONE);
		assertThat(result.steps()).isEqualTo(100);
		assertThat(result.stopped()).isEqualTo("completed");
		assertThat(result.note()).isNull();
		assertThat(result.suggested("valley")).isCloseTo(0.001202264434617413, within(1e-12));
		assertThat(result.suggested("steep")).isCloseTo(0.007585775750291836, within(1e-12));
		assertThat(result.suggested("minimum")).isCloseTo(0.0630957344480193, within(1e-12));
	}

	@Test
	void stopsWhenTheSmoothedLossPassesFourTimesItsMinimumAndStillSuggests() {
		LrFinderResult result = LrFinder.run(LrFinder.Settings.FASTAI, curve(5), TrainingCallback.NONE);
		assertThat(result.steps()).isEqualTo(98);
		assertThat(result.stopped()).isEqualTo("diverged");
		assertThat(result.note()).contains("diverged");
		assertThat(result.suggested("valley")).isCloseTo(0.0006918309709189362, within(1e-12));
		assertThat(result.suggested("steep")).isCloseTo(0.007585775750291836, within(1e-12));
		assertThat(result.suggested("minimum")).isCloseTo(0.02089296130854041, within(1e-12));
	}

	@Test
	void smoothsWithFastaisDebiasedAverage() {
		double[] losses = { 2, 4, 3 };
		int[] i = { 0 };
		LrFinderResult result = LrFinder.run(new LrFinder.Settings(1e-3, 1, 3, false), () -> losses[i[0]++],
				TrainingCallback.NONE);
		double avg = 0;
		for (int k = 0; k < 3; k++) {
			avg = 0.98 * avg + 0.02 * losses[k];
			assertThat(result.smoothed()[k]).isCloseTo(avg / (1 - Math.pow(0.98, k + 1)), within(1e-12));
		}
		assertThat(result.smoothed()[0]).isEqualTo(2.0, within(1e-12));
		assertThat(result.lrs()).containsExactly(1e-3, 1e-3 * Math.pow(1000, 1 / 3.0), 1e-3 * Math.pow(1000, 2 / 3.0));
	}

	@Test
	void aLossThatDivergesAtOnceGivesTheSeriesANoteAndAPlot() throws IOException {
		double[] losses = { 1, 50, 5000 };
		int[] i = { 0 };
		LrFinderResult result = LrFinder.run(LrFinder.Settings.FASTAI, () -> losses[Math.min(2, i[0]++)],
				TrainingCallback.NONE);
		assertThat(result.steps()).isEqualTo(2);
		assertThat(result.stopped()).isEqualTo("diverged");
		assertThat(result.suggestions()).isEmpty();
		assertThat(result.note()).contains("diverged").contains("Too few steps");
		assertThat(result.describe()).containsEntry("steps", 2).containsKey("lrs");
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(TrainingCharts.lrFinder(result, "lr_find")));
		assertThat(image.getWidth()).isEqualTo(800);
	}

	@Test
	void aNanLossEndsTheSweep() {
		double[] losses = { 1, 0.9, Double.NaN, 0.5 };
		int[] i = { 0 };
		LrFinderResult result = LrFinder.run(LrFinder.Settings.FASTAI, () -> losses[Math.min(3, i[0]++)],
				TrainingCallback.NONE);
		assertThat(result.steps()).isEqualTo(3);
		assertThat(result.stopped()).isEqualTo("non-finite");
		assertThat(LrFinderResult.finite(result.losses())).containsExactly(1.0, 0.9, null);
	}

	@Test
	void restoresTheWeightsOptimizerRatesAndCountersOfTheGraph() {
		ComputationGraph graph = graph();
		Random random = new Random(3);
		DataSet batch = batch(random);
		graph.fit(batch);
		graph.fit(batch);
		INDArray params = graph.params().dup();
		INDArray state = graph.getUpdater().getStateViewArray().dup();
		int iterations = graph.getConfiguration().getIterationCount();
		double rate = rateOf(graph);
		List<Double> applied = new ArrayList<>();
		LrFinderResult result = LrFinder.find(graph, new LrFinder.Settings(1e-5, 1, 20, true), () -> {
			applied.add(rateOf(graph));
			graph.fit(batch(random));
			return graph.score();
		}, TrainingCallback.NONE);
		assertThat(result.steps()).isGreaterThan(3);
		for (int k = 0; k < result.steps(); k++) {
			assertThat(applied.get(k)).isCloseTo(result.lrs()[k], within(result.lrs()[k] * 1e-9));
		}
		assertThat(graph.params().toFloatVector()).containsExactly(params.toFloatVector());
		assertThat(graph.getUpdater().getStateViewArray().toFloatVector()).containsExactly(state.toFloatVector());
		assertThat(graph.getConfiguration().getIterationCount()).isEqualTo(iterations);
		assertThat(rateOf(graph)).isEqualTo(rate);
	}

	@Test
	void aCancelledSweepStillRestoresTheGraph() {
		ComputationGraph graph = graph();
		INDArray params = graph.params().dup();
		Random random = new Random(4);
		TrainingCallback cancelAtThree = new TrainingCallback() {
			@Override
			public void beforeBatch(int epoch, long step) {
				if (step == 3) {
					throw new CancelFitException("cancelled");
				}
			}
		};
		assertThatExceptionOfType(CancelFitException.class)
			.isThrownBy(() -> LrFinder.find(graph, LrFinder.Settings.FASTAI, () -> {
				graph.fit(batch(random));
				return graph.score();
			}, cancelAtThree));
		assertThat(graph.params().toFloatVector()).containsExactly(params.toFloatVector());
	}

	/** The reference script's losses: a dip near 1e-3 and a rise past 1e-1. */
	private static LrFinder.Step curve(double rise) {
		int[] i = { 0 };
		return () -> {
			int step = i[0]++;
			double x = Math.log10(1e-7 * Math.pow(10 / 1e-7, step / 100.0));
			return 2.0 - 1.5 / (1 + Math.exp(-(x + 3) * 2)) + 0.05 * Math.sin(step * 1.7) + Math.exp(3 * x) * rise;
		};
	}

	private static double rateOf(ComputationGraph graph) {
		return ((org.deeplearning4j.nn.conf.layers.BaseLayer) graph.getLayer("hidden").conf().getLayer()).getIUpdater()
			.getLearningRate(graph.getConfiguration().getIterationCount(), graph.getConfiguration().getEpochCount());
	}

	private static ComputationGraph graph() {
		ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1)
			.dataType(DataType.FLOAT)
			.updater(new Adam(1e-3))
			.graphBuilder()
			.addInputs("in")
			.addLayer("hidden", new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.RELU).build(), "in")
			.addLayer("out",
					new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8)
						.nOut(1)
						.activation(Activation.IDENTITY)
						.build(),
					"hidden")
			.setOutputs("out")
			.build();
		ComputationGraph graph = new ComputationGraph(conf);
		graph.init();
		return graph;
	}

	private static DataSet batch(Random random) {
		float[] x = new float[16 * 4];
		float[] y = new float[16];
		for (int r = 0; r < 16; r++) {
			for (int c = 0; c < 4; c++) {
				x[r * 4 + c] = (float) random.nextGaussian();
				y[r] += x[r * 4 + c] * (c + 1);
			}
		}
		return new DataSet(Nd4j.create(x, new long[] { 16, 4 }, DataType.FLOAT),
				Nd4j.create(y, new long[] { 16, 1 }, DataType.FLOAT));
	}

}
