package dev.lantern.vision.nets;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
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
			net.graph().fit(TinyNets.batch(4, step));
		}
		INDArray images = TinyNets.batch(4, 9).getFeatures();

		ComputationGraph fused = this.nets.fusedForInference(net);

		assertThat(Arrays.stream(fused.getLayers())
			.filter((layer) -> layer.conf().getLayer() instanceof BatchNormalization)
			.map((layer) -> layer.getConfig().getLayerName())).containsExactly("head.bn1", "head.bn2");
		assertThat(fused.getLayers()).hasSize(net.graph().getLayers().length - 36);
		INDArray expected = net.graph().outputSingle(images);
		INDArray actual = fused.outputSingle(images);
		assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-5);
	}

	@Test
	void theFusedBodyRunsChannelsLastBehindAChannelsFirstInterface() {
		VisionNet net = this.nets.create(NetSpec.of(Architecture.RESNET18, 3, 32).withBaseWidth(8));
		net.graph().fit(TinyNets.batch(4, 1));
		INDArray images = TinyNets.batch(2, 5).getFeatures();

		ComputationGraph fused = this.nets.fusedForInference(net);

		assertThat(((ConvolutionLayer) fused.getLayer("layer2.0.conv1").conf().getLayer()).getCnn2dDataFormat())
			.isEqualTo(CNN2DFormat.NHWC);
		assertThat(((ConvolutionLayer) net.graph().getLayer("layer2.0.conv1").conf().getLayer()).getCnn2dDataFormat())
			.isEqualTo(CNN2DFormat.NCHW);
		// What heatmaps hook: the body's last activation, channels-first as in the
		// trained network.
		assertThat(fused.getConfiguration().getVertexInputs().get(VisionNet.HEAD_PREFIX + "maxpool"))
			.containsExactly(ResNetBody.CHANNELS_FIRST);
		INDArray body = fused.feedForward(images, false).get(ResNetBody.CHANNELS_FIRST);
		INDArray trainedBody = net.graph().feedForward(images, false).get(net.bodyOutput());
		assertThat(body.shape()).isEqualTo(trainedBody.shape());
		assertThat(body.sub(trainedBody).amaxNumber().doubleValue()).isLessThan(1e-5);
		// Inference workers each get a clone; the configuration survives JSON too.
		INDArray expected = fused.outputSingle(images);
		assertThat(fused.clone().outputSingle(images)).isEqualTo(expected);
		ComputationGraphConfiguration json = ComputationGraphConfiguration.fromJson(fused.getConfiguration().toJson());
		assertThat(json.getVertices().get(ResNetBody.CHANNELS_LAST))
			.isEqualTo(fused.getConfiguration().getVertices().get(ResNetBody.CHANNELS_LAST));
	}

}
