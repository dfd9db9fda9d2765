package dev.lantern.vision.nets;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.training.DeviceCapacity;
import dev.lantern.training.TrainingFootprint;
import dev.lantern.training.TrainingMemory;
import dev.lantern.training.TrainingProperties;
import dev.lantern.vision.train.VisionTrainSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
		long runtime = VisionNets.MEASURED_RUNTIME_BYTES;
		assertThat(twice.parameterBytes()).isEqualTo(small.parameterBytes());
		assertThat(twice.batchBytes() - runtime).isBetween(199 * (small.batchBytes() - runtime) / 100,
				2 * (small.batchBytes() - runtime) + 1);
		assertThat(larger.batchBytes() - runtime).isGreaterThan(3 * (small.batchBytes() - runtime));
	}

	@Test
	void estimatesTheLessonsResNet34WithoutBuildingIt() {
		TrainingFootprint lesson = this.nets.footprint(NetSpec.of(Architecture.RESNET34, 37, 224), 64);
		// torchvision's resnet34 body has 21.3M parameters; fastai's head adds about
		// 1.1M.
		assertThat(lesson.parameters()).isBetween(21_000_000L, 23_000_000L);
		assertThat(lesson.bytes()).isGreaterThan(lesson.parameterBytes());
	}

	@Test
	void theEstimateIsAtLeastTheMeasuredPeakOfASmallResNet18AndWithinAFactorOfIt() {
		// TrainingMemoryBenchmark measured 504,188,928 bytes of peak resident memory
		// beyond
		// the process's size for this configuration (docs/vision.md, "Training memory").
		long measured = 504_188_928L;
		TrainingFootprint estimate = this.nets.footprint(NetSpec.of(Architecture.RESNET18, 37, 112).withBaseWidth(32),
				16);
		assertThat(estimate.bytes()).isBetween(measured, 3 * measured / 2);
	}

	@Test
	void theLessonsDefaultRecipeIsAdmittedOnA24GibMachineAtTheDefaultFraction() {
		// The machine's 24 GiB less a 2 GiB Java heap; memory-fraction 0.8.
		DeviceCapacity machine = new DeviceCapacity((24L << 30) - (2L << 30), "a 24 GiB machine");
		TrainingMemory memory = new TrainingMemory(TrainingProperties.DEFAULTS, (device) -> machine);
		VisionTrainSpec lesson = VisionTrainSpec.of("pets", "pets");
		NetSpec net = NetSpec.of(Architecture.of(lesson.architecture()), 37, lesson.imageSize());
		memory.check(this.nets.footprint(net, lesson.batchSize()), "spec.architecture", "spec.batchSize", null);
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> memory.check(this.nets.footprint(net, 2 * lesson.batchSize()), "spec.architecture",
					"spec.batchSize", null))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("spec.batchSize"));
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
