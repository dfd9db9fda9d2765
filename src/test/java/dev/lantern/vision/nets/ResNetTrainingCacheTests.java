package dev.lantern.vision.nets;

import java.io.IOException;
import java.nio.file.Path;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.lantern.system.backend.onednn.OneDnnHelpers;

import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

class ResNetTrainingCacheTests {

	private static final NetSpec TINY = TinyNets.TINY;

	private final VisionNets nets = new VisionNets(new NetsProperties(null));

	@BeforeAll
	static void oneDnn() {
		OneDnnHelpers.configure(true);
	}

	@Test
	void networksKeepTheTrainingCacheThroughFreezingUnfreezingAndSaving(@TempDir Path directory) throws IOException {
		VisionNet net = this.nets.create(TINY);
		VisionNet frozen = net.freeze();
		VisionNet unfrozen = frozen.unfreeze();
		Path file = directory.resolve("model.zip");
		unfrozen.graph().save(file.toFile(), true);
		ComputationGraph restored = this.nets.wrap(ComputationGraph.load(file.toFile(), true), TINY, false).graph();

		assertThat(net.graph().getConfiguration().getCacheMode()).isEqualTo(CacheMode.DEVICE);
		assertThat(frozen.graph().getConfiguration().getCacheMode()).isEqualTo(CacheMode.DEVICE);
		assertThat(frozen.graph().getLayer("head.fc1").conf().getCacheMode()).isEqualTo(CacheMode.DEVICE);
		assertThat(unfrozen.graph().getConfiguration().getCacheMode()).isEqualTo(CacheMode.DEVICE);
		assertThat(restored.getConfiguration().getCacheMode()).isEqualTo(CacheMode.DEVICE);
		assertThat(restored.getLayer("layer1.0.conv1").conf().getCacheMode()).isEqualTo(CacheMode.DEVICE);
		assertThat(this.nets.create(NetSpec.of(Architecture.RESNET50, 3, 64)).graph().getConfiguration().getCacheMode())
			.isEqualTo(CacheMode.DEVICE);
	}

	@Test
	void backpropUsesTheCachedConvolutionOutputsAndGivesTheSameGradients() {
		ComputationGraph cached = this.nets.create(TINY).graph();
		ComputationGraph recomputed = this.nets.create(TINY).graph();
		recomputed.setCacheMode(CacheMode.NONE);
		DataSet batch = TinyNets.batch(4, 11);

		INDArray cachedGradient = gradient(cached, batch);
		INDArray recomputedGradient = gradient(recomputed, batch);

		assertThat(ReflectionTestUtils.getField(cached.getLayer("layer3.0.conv1"), "preOutput")).isNotNull();
		assertThat(ReflectionTestUtils.getField(recomputed.getLayer("layer3.0.conv1"), "preOutput")).isNull();
		assertThat(cachedGradient.length()).isEqualTo(cached.numParams());
		assertThat(cachedGradient.distance2(recomputedGradient) / recomputedGradient.norm2Number().doubleValue())
			.isLessThan(1e-6);
	}

	private static INDArray gradient(ComputationGraph graph, DataSet batch) {
		// The head's dropout draws from ND4J's generator: the same seed gives both
		// networks the same masks.
		Nd4j.getRandom().setSeed(3);
		graph.setInputs(batch.getFeatures());
		graph.setLabels(batch.getLabels());
		graph.computeGradientAndScore();
		return graph.gradient().gradient().dup();
	}

}
