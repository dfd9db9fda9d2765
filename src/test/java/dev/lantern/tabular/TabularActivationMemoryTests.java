package dev.lantern.tabular;

import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import dev.lantern.support.PeakResidentGrowth;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tabular version's activation estimate per row (what
 * {@code lantern.inference.worker-memory} is divided by) against the resident memory a
 * pass of 4096 rows takes through the lesson's layers, and passes cut smaller under a
 * budget give the same predictions.
 */
class TabularActivationMemoryTests {

	private static final TabularSettings LESSON = new TabularSettings(List.of(1000, 500), List.of(0.001, 0.01), 0.04,
			1.2, 1, 1e-2, 0.01, 64, 3);

	@Test
	void theEstimatePerRowIsCountedFromTheLayerWidths() {
		TabularProcs procs = TabularForwardTests.procs(2, 3);
		TabularSettings small = new TabularSettings(List.of(16, 8), List.of(0.0, 0.0), 0, 1.2, 1, 1e-2, 0.01, 32, 3);
		TabularModel model = new TabularModel(TabularNetwork.build(procs, small, 10, 40), procs, null, null);
		long embeddings = model.graph().getLayer("emb_cat0").getParam("W").size(1)
				+ model.graph().getLayer("emb_cat1").getParam("W").size(1);
		long merged = embeddings + 3;
		// emb (1 -> e) each, bn_cont (3 -> 3), dense_0 (merged -> 16), bn_0 (16 -> 16),
		// dense_1 (16 -> 8), bn_1 (8 -> 8), linear_out (8 -> 1).
		long values = 2 + embeddings + 6 + merged + 16 + 32 + 16 + 8 + 16 + 8 + 1;
		assertThat(model.activationBytesPerExample()).isEqualTo(values * Float.BYTES);
	}

	@Test
	void theEstimateOfAPassIsAtLeastWhatItTakes() throws Exception {
		TabularProcs procs = TabularForwardTests.procs(4, 8);
		ComputationGraph graph = TabularNetwork.build(procs, LESSON, 10, 40);
		TabularModel model = new TabularModel(graph, procs, null, null);
		TabularProcs.Encoded rows = TabularForwardTests.encoded(procs, TabularBatches.INFERENCE_CHUNK, 3);
		model.predictLog(rows);
		// The inference pass keeps its buffers for the next call: a fresh copy allocates
		// them in the measured call, as a worker's copy does at its first batch.
		TabularModel fresh = (TabularModel) model.copyForWorker();
		long measured = PeakResidentGrowth.of(() -> fresh.predictLog(rows));
		long estimate = model.activationBytesPerExample() * rows.rows();
		System.out.println(String.format(Locale.ROOT,
				"ACTIVATIONS tabular [1000, 500] %d rows: estimate %.1f MB (%d bytes per row), measured peak growth %.1f MB",
				rows.rows(), estimate / 1e6, model.activationBytesPerExample(), measured / 1e6));
		assertThat(estimate).isGreaterThanOrEqualTo(measured);
		assertThat(measured).as("the pass's measured growth").isGreaterThan(estimate / 8);
	}

	@Test
	void passesCutUnderABudgetGiveTheSamePredictions() {
		TabularProcs procs = TabularForwardTests.procs(3, 4);
		TabularSettings small = new TabularSettings(List.of(32, 16), List.of(0.0, 0.0), 0, 1.2, 1, 1e-2, 0.01, 32, 3);
		TabularModel whole = new TabularModel(TabularNetwork.build(procs, small, 10, 40), procs, null, null);
		TabularModel cut = (TabularModel) whole.copyForWorker();
		cut.limitExamplesPerPass(7);
		TabularProcs.Encoded rows = TabularForwardTests.encoded(procs, 100, 4);
		float[] expected = whole.predictLog(rows);
		assertThat(cut.predictLog(rows)).containsExactly(expected);
		assertThat(expected[0]).isNotEqualTo(expected[1]);
		assertThat(whole.largestPass(32)).isEqualTo(TabularBatches.INFERENCE_CHUNK);
	}

}
