package dev.lantern.vision.nets;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * torchvision's ResNet-18/34 body (everything before {@code avgpool}) as graph vertices,
 * named as torchvision names its modules: {@code conv1}, {@code bn1}, {@code relu},
 * {@code maxpool}, then {@code layer<s>.<b>.conv1} ... with {@code downsample.0/1} for
 * projection shortcuts. Convolutions have no bias; padding is explicit (truncate mode),
 * so every output size matches PyTorch's.
 */
final class ResNetBody {

	private ResNetBody() {
	}

	/** Basic blocks per stage of the architecture. */
	static int[] blocks(Architecture architecture) {
		return switch (architecture) {
			case RESNET18 -> new int[] { 2, 2, 2, 2 };
			case RESNET34 -> new int[] { 3, 4, 6, 3 };
			case RESNET50 -> throw new IllegalArgumentException("ResNet-50 comes from the DL4J zoo");
		};
	}

	/**
	 * Adds the body after {@code input}.
	 * @return the name of the body's last activation layer
	 */
	static String add(GraphBuilder graph, String input, int[] blocks, int baseWidth) {
		graph.addLayer("conv1", conv(7, 2, 3, baseWidth), input);
		graph.addLayer("bn1", new BatchNormalization.Builder().build(), "conv1");
		graph.addLayer("relu", relu(), "bn1");
		graph.addLayer("maxpool",
				new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2).padding(1, 1).build(),
				"relu");
		String previous = "maxpool";
		int inChannels = baseWidth;
		for (int stage = 0; stage < blocks.length; stage++) {
			int width = baseWidth << stage;
			for (int block = 0; block < blocks[stage]; block++) {
				int stride = (stage > 0 && block == 0) ? 2 : 1;
				previous = basicBlock(graph, "layer" + (stage + 1) + "." + block, previous, inChannels, width, stride);
				inChannels = width;
			}
		}
		return previous;
	}

	/** The channels of the body's output. */
	static int outChannels(int[] blocks, int baseWidth) {
		return baseWidth << (blocks.length - 1);
	}

	private static String basicBlock(GraphBuilder graph, String name, String input, int inChannels, int width,
			int stride) {
		graph.addLayer(name + ".conv1", conv(3, stride, 1, width), input);
		graph.addLayer(name + ".bn1", new BatchNormalization.Builder().build(), name + ".conv1");
		graph.addLayer(name + ".relu1", relu(), name + ".bn1");
		graph.addLayer(name + ".conv2", conv(3, 1, 1, width), name + ".relu1");
		graph.addLayer(name + ".bn2", new BatchNormalization.Builder().build(), name + ".conv2");
		String shortcut = input;
		if (stride != 1 || inChannels != width) {
			graph.addLayer(name + ".downsample.0", conv(1, stride, 0, width), input);
			graph.addLayer(name + ".downsample.1", new BatchNormalization.Builder().build(), name + ".downsample.0");
			shortcut = name + ".downsample.1";
		}
		graph.addVertex(name + ".add", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + ".bn2", shortcut);
		graph.addLayer(name + ".relu", relu(), name + ".add");
		return name + ".relu";
	}

	private static ConvolutionLayer conv(int kernel, int stride, int padding, int channels) {
		return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride)
			.padding(padding, padding)
			.nOut(channels)
			.hasBias(false)
			.build();
	}

	private static ActivationLayer relu() {
		return new ActivationLayer.Builder().activation(Activation.RELU).build();
	}

}
