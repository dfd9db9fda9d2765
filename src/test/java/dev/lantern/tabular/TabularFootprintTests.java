package dev.lantern.tabular;

import java.util.List;
import java.util.stream.IntStream;

import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import dev.lantern.training.TrainingFootprint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memory estimate of a tabular network, made from its configuration, against the
 * network itself once built; and an estimate of a network far too large to build.
 */
class TabularFootprintTests {

	private static final TabularProcs PROCS = new TabularProcs(
			List.of(new TabularProcs.Categorical("store", classes(1116), null),
					new TabularProcs.Categorical("day", classes(8), null)),
			List.of(new TabularProcs.Continuous("distance", 0, 0, 1), new TabularProcs.Continuous("promo", 0, 0, 1)));

	@Test
	void countsParametersEmbeddingTablesAndAdamStateAsBuilt() {
		TabularSettings settings = settings(List.of(200, 100), 64);
		TrainingFootprint footprint = TabularNetwork.footprint(PROCS, settings);
		ComputationGraph graph = TabularNetwork.build(PROCS, settings, 10, 10);
		assertThat(footprint.parameters()).isEqualTo(graph.numParams());
		// The store's embedding table alone: 1116 classes of fastai's size rule.
		assertThat(footprint.parameters()).isGreaterThan(1116L * TabularNetwork.embeddingSize(1116));
		long updaterState = graph.getUpdater().getStateViewArray().length();
		assertThat(footprint.parameterBytes()).isEqualTo(4 * (2 * graph.numParams() + updaterState));
	}

	@Test
	void activationsScaleWithTheBatchSize() {
		TrainingFootprint small = TabularNetwork.footprint(PROCS, settings(List.of(200, 100), 64));
		TrainingFootprint large = TabularNetwork.footprint(PROCS, settings(List.of(200, 100), 640));
		assertThat(large.parameterBytes()).isEqualTo(small.parameterBytes());
		// Ten times the examples, less a small working memory that does not depend on
		// them.
		assertThat(large.batchBytes()).isBetween(99 * small.batchBytes() / 10, 10 * small.batchBytes());
	}

	@Test
	void theSmallestNetworkOfASpecIsALowerBoundForAnyData() {
		TabularSettings settings = settings(List.of(1000, 500), 512);
		assertThat(TabularNetwork.smallestFootprint(settings).bytes())
			.isLessThan(TabularNetwork.footprint(PROCS, settings).bytes());
	}

	@Test
	void estimatesAHundredMillionUnitLayerWithoutAllocatingIt() {
		long before = Pointer.physicalBytes();
		TrainingFootprint footprint = TabularNetwork.smallestFootprint(settings(List.of(100_000_000), 512));
		// Dense (2 per unit), BatchNorm (4 per unit) and the output layer (1 per unit).
		assertThat(footprint.parameters()).isGreaterThanOrEqualTo(700_000_000L);
		assertThat(footprint.bytes()).isGreaterThan(10_000_000_000L);
		assertThat(Pointer.physicalBytes() - before).isLessThan(200_000_000L);
	}

	private static TabularSettings settings(List<Integer> layers, int batchSize) {
		return new TabularSettings(layers, layers.stream().map((size) -> 0.1).toList(), 0.04, 1.2, 1, 1e-3, 0.01,
				batchSize, 1);
	}

	private static List<String> classes(int count) {
		return IntStream.range(0, count).mapToObj((i) -> (i == 0) ? TabularProcs.NA : "c" + i).toList();
	}

}
