package dev.lantern.vision.nets;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.lantern.system.backend.onednn.OneDnnHelpers;

import static org.assertj.core.api.Assertions.assertThat;

class ResNetInferenceFusionTests {

	private final VisionNets nets = new VisionNets(new NetsProperties(null));

	@BeforeAll
	static void oneDnn() {
		OneDnnHelpers.configure(true);
	}

	@Test
	void foldingBatchNormIntoConvolutionsKeepsTheInferenceOutputs() {
		VisionNet net = this.nets.create(NetSpec.of(Architecture.RESNET34, 3, 32).withBaseWidth(8));
		// A few steps move BatchNorm's running statistics and affine parameters away from
		// their initial values, so the folding has something to fold.
		for (int step = 0; step < 3; step++) {
			net.graph().fit(ResNetTransferLearningTests.batch(4, step));
		}
		INDArray images = ResNetTransferLearningTests.batch(4, 9).getFeatures();

		ComputationGraph fused = this.nets.fusedForInference(net);

		assertThat(Arrays.stream(fused.getLayers())
			.filter((layer) -> layer.conf().getLayer() instanceof BatchNormalization)
			.map((layer) -> layer.getConfig().getLayerName())).containsExactly("head.bn1", "head.bn2");
		assertThat(fused.getLayers()).hasSize(net.graph().getLayers().length - 36);
		INDArray expected = net.graph().outputSingle(images);
		INDArray actual = fused.outputSingle(images);
		assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-5);
	}

}
