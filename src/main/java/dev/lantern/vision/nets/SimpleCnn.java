package dev.lantern.vision.nets;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A small convolutional network in the spirit of fastai's {@code simple_cnn}: four
 * stride-2 3x3 convolutions ({@code conv0} ... {@code conv3}, widths
 * {@code w, 2w, 4w, 4w}) with BatchNorm and ReLU, then fastai's concatenated average and
 * max pooling and a linear layer ({@code output}). It has no pretrained weights and no
 * fastai head ({@code HeadOptions} do not apply); it trains quickly on small images,
 * which suits the synthetic pets and tests. Its optimizer is DL4J's Adam at 1e-3 (betas
 * 0.9, 0.999).
 * <p>
 * The layer names are stored in saved model versions: keep them.
 */
final class SimpleCnn {

	/** The first convolution's channels by default: 16, 32, 64, 64 through the body. */
	static final int STANDARD_WIDTH = 16;

	/** The output layer, the network's only head layer. */
	static final String OUTPUT = "output";

	/** The channels of each convolution as a multiple of the first's. */
	private static final int[] CHANNEL_MULTIPLIERS = { 1, 2, 4, 4 };

	private SimpleCnn() {
	}

	/** Builds the network; returns it with the name of the body's last activation. */
	static BuiltNet build(NetSpec spec, double weightDecay) {
		ComputationGraph network = new ComputationGraph(configuration(spec, weightDecay));
		network.init();
		return new BuiltNet(network, "relu" + (CHANNEL_MULTIPLIERS.length - 1));
	}

	/** The network's configuration, allocating nothing. */
	static ComputationGraphConfiguration configuration(NetSpec spec, double weightDecay) {
		int width = spec.baseWidth();
		int[] channels = new int[CHANNEL_MULTIPLIERS.length];
		for (int i = 0; i < channels.length; i++) {
			channels[i] = CHANNEL_MULTIPLIERS[i] * width;
		}
		var graph = new NeuralNetConfiguration.Builder().seed(spec.seed())
			.updater(new Adam(1e-3))
			.weightDecay(weightDecay)
			.weightInit(WeightInit.RELU)
			.graphBuilder()
			.addInputs(VisionNet.INPUT)
			.setInputTypes(InputType.convolutional(spec.imageSize(), spec.imageSize(), 3));
		String previous = VisionNet.INPUT;
		for (int i = 0; i < channels.length; i++) {
			String conv = "conv" + i;
			String bn = "bn" + i;
			graph
				.addLayer(conv,
						new ConvolutionLayer.Builder(3, 3).stride(2, 2)
							.padding(1, 1)
							.nOut(channels[i])
							.activation(Activation.IDENTITY)
							.hasBias(false)
							.build(),
						previous)
				.addLayer(bn, new BatchNormalization.Builder().activation(Activation.IDENTITY).build(), conv)
				.addLayer("relu" + i, new ActivationLayer(Activation.RELU), bn);
			previous = "relu" + i;
		}
		graph.addLayer("avgpool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), previous)
			.addLayer("maxpool", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), previous)
			.addVertex("concat", new MergeVertex(), "avgpool", "maxpool")
			.addLayer(OUTPUT,
					new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(spec.classes())
						.activation(Activation.SOFTMAX)
						.weightInit(WeightInit.XAVIER)
						.build(),
					"concat")
			.setOutputs(OUTPUT);
		return graph.build();
	}

}
