package dev.lantern.vision.nets;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import dev.lantern.training.TrainingFootprint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memory estimate of a vision network, made from its configuration, against the
 * network itself once built.
 */
class VisionFootprintTests {

	private final VisionNets nets = new VisionNets(new NetsProperties(null));

	@Test
	void countsTheParametersAndAdamStateOfATinyResNet18AsBuilt() {
		assertMatchesTheBuiltNetwork(TinyNets.TINY);
	}

	@Test
	void countsTheParametersAndAdamStateOfASimpleCnnAsBuilt() {
		assertMatchesTheBuiltNetwork(NetSpec.of(Architecture.SIMPLE_CNN, 4, 32));
	}

	@Test
	void activationsGrowWithTheBatchAndTheImageSize() {
		TrainingFootprint small = this.nets.footprint(TinyNets.TINY, 8);
		TrainingFootprint twice = this.nets.footprint(TinyNets.TINY, 16);
		TrainingFootprint larger = this.nets.footprint(NetSpec.of(Architecture.RESNET18, 3, 64).withBaseWidth(8), 8);
		assertThat(twice.parameterBytes()).isEqualTo(small.parameterBytes());
		assertThat(twice.batchBytes()).isBetween(199 * small.batchBytes() / 100, 2 * small.batchBytes());
		assertThat(larger.batchBytes()).isGreaterThan(3 * small.batchBytes());
	}

	@Test
	void estimatesTheLessonsResNet34WithoutBuildingIt() {
		TrainingFootprint lesson = this.nets.footprint(NetSpec.of(Architecture.RESNET34, 37, 224), 64);
		// torchvision's resnet34 body has 21.3M parameters; fastai's head adds about
		// 1.1M.
		assertThat(lesson.parameters()).isBetween(21_000_000L, 23_000_000L);
		assertThat(lesson.bytes()).isGreaterThan(lesson.parameterBytes());
	}

	private void assertMatchesTheBuiltNetwork(NetSpec spec) {
		TrainingFootprint footprint = this.nets.footprint(spec, 4);
		ComputationGraph graph = this.nets.create(spec, false).graph();
		assertThat(footprint.parameters()).isEqualTo(graph.numParams());
		long updaterState = graph.getUpdater().getStateViewArray().length();
		assertThat(footprint.parameterBytes()).isEqualTo(4 * (2 * graph.numParams() + updaterState));
		assertThat(footprint.batchBytes()).isPositive();
	}

}
