package dev.lantern.vision.nets;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * torchvision's ResNet-18/34/50 body (everything before {@code avgpool}) as graph
 * vertices, named as torchvision names its modules: {@code conv1}, {@code bn1},
 * {@code relu}, {@code maxpool}, then {@code layer<s>.<b>.conv1} ... with
 * {@code downsample.0/1} for projection shortcuts. Convolutions have no bias; padding is
 * explicit (truncate mode), so every output size matches PyTorch's.
 * <p>
 * The fused body (for serving) runs channels-last (NHWC) between two {@link ChannelOrder}
 * vertices, {@value #CHANNELS_LAST} and {@value #CHANNELS_FIRST}: oneDNN's inference
 * convolutions work in that order, so the activations are not reordered around every
 * convolution (docs/performance.md). Training keeps NCHW, where DL4J's convolution layer
 * copies NHWC input back to NCHW twice per step.
 */
final class ResNetBody {

	/** The fused body's first vertex: the input, channels-last. */
	static final String CHANNELS_LAST = "body.channelsLast";

	/** The fused body's last vertex: its last activation, channels-first again. */
	static final String CHANNELS_FIRST = "body.channelsFirst";

	private ResNetBody() {
	}

	/** torchvision's Bottleneck widens its output four times. */
	static final int EXPANSION = 4;

	/** Blocks per stage of the architecture. */
	static int[] blocks(Architecture architecture) {
		return switch (architecture) {
			case RESNET18 -> new int[] { 2, 2, 2, 2 };
			case RESNET34, RESNET50 -> new int[] { 3, 4, 6, 3 };
			case RESNET50_ZOO -> throw new IllegalArgumentException("resnet50-zoo comes from the DL4J zoo");
			case SIMPLE_CNN -> throw new IllegalArgumentException("simple-cnn is not a ResNet");
		};
	}

	/**
	 * Whether the architecture is built of bottleneck blocks (torchvision's ResNet-50).
	 */
	static boolean bottleneck(Architecture architecture) {
		return architecture == Architecture.RESNET50;
	}

	/**
	 * Adds the body after {@code input}.
	 * @param bottleneck whether the blocks are torchvision's {@code Bottleneck} (1x1, 3x3
	 * with the stride, 1x1 widening four times: "v1.5") rather than {@code BasicBlock}
	 * @param fused whether each BatchNorm is folded into the convolution before it (for
	 * inference: the convolutions get biases and the BatchNorm layers are left out)
	 * @return the name of the vertex whose output is the body's last activation,
	 * channels-first
	 */
	static String add(GraphBuilder graph, String input, int[] blocks, int baseWidth, boolean bottleneck,
			boolean fused) {
		Builder builder = new Builder(graph, fused);
		String first = input;
		if (fused) {
			graph.addVertex(CHANNELS_LAST, new PreprocessorVertex(new ChannelOrder(CNN2DFormat.NHWC)), input);
			first = CHANNELS_LAST;
		}
		builder.convBn("conv1", "bn1", builder.conv(7, 2, 3, baseWidth), first);
		graph.addLayer("relu", relu(), builder.last);
		graph.addLayer("maxpool",
				new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3)
					.stride(2, 2)
					.padding(1, 1)
					.dataFormat(builder.format)
					.build(),
				"relu");
		String previous = "maxpool";
		int inChannels = baseWidth;
		for (int stage = 0; stage < blocks.length; stage++) {
			int width = baseWidth << stage;
			for (int block = 0; block < blocks[stage]; block++) {
				int stride = (stage > 0 && block == 0) ? 2 : 1;
				String name = "layer" + (stage + 1) + "." + block;
				if (bottleneck) {
					previous = bottleneckBlock(builder, name, previous, inChannels, width, stride);
					inChannels = width * EXPANSION;
				}
				else {
					previous = basicBlock(builder, name, previous, inChannels, width, stride);
					inChannels = width;
				}
			}
		}
		if (fused) {
			graph.addVertex(CHANNELS_FIRST, new PreprocessorVertex(new ChannelOrder(CNN2DFormat.NCHW)), previous);
			return CHANNELS_FIRST;
		}
		return previous;
	}

	/** The BatchNorm that follows a convolution in the unfused body. */
	static String batchNormAfter(String conv) {
		if (conv.endsWith(".downsample.0")) {
			return conv.substring(0, conv.length() - 1) + "1";
		}
		int dot = conv.lastIndexOf('.');
		String prefix = (dot >= 0) ? conv.substring(0, dot + 1) : "";
		return prefix + "bn" + conv.substring(conv.lastIndexOf("conv") + 4);
	}

	/** The channels of the body's output. */
	static int outChannels(int[] blocks, int baseWidth, boolean bottleneck) {
		return (baseWidth << (blocks.length - 1)) * (bottleneck ? EXPANSION : 1);
	}

	/**
	 * torchvision's {@code Bottleneck}: 1x1 down to {@code width}, 3x3 carrying the
	 * stride, 1x1 up to four times {@code width}, each with its BatchNorm; a projection
	 * shortcut when the shape changes.
	 */
	private static String bottleneckBlock(Builder builder, String name, String input, int inChannels, int width,
			int stride) {
		GraphBuilder graph = builder.graph;
		int out = width * EXPANSION;
		String first = builder.convBn(name + ".conv1", name + ".bn1", builder.conv(1, 1, 0, width), input);
		graph.addLayer(name + ".relu1", relu(), first);
		String second = builder.convBn(name + ".conv2", name + ".bn2", builder.conv(3, stride, 1, width),
				name + ".relu1");
		graph.addLayer(name + ".relu2", relu(), second);
		String third = builder.convBn(name + ".conv3", name + ".bn3", builder.conv(1, 1, 0, out), name + ".relu2");
		return residual(builder, name, input, third, inChannels, out, stride);
	}

	private static String basicBlock(Builder builder, String name, String input, int inChannels, int width,
			int stride) {
		GraphBuilder graph = builder.graph;
		String first = builder.convBn(name + ".conv1", name + ".bn1", builder.conv(3, stride, 1, width), input);
		graph.addLayer(name + ".relu1", relu(), first);
		String second = builder.convBn(name + ".conv2", name + ".bn2", builder.conv(3, 1, 1, width), name + ".relu1");
		return residual(builder, name, input, second, inChannels, width, stride);
	}

	/**
	 * Adds a block's branch to its shortcut (the input, or a strided 1x1 projection with
	 * its BatchNorm when the shape changes) and applies the block's ReLU.
	 */
	private static String residual(Builder builder, String name, String input, String branch, int inChannels, int out,
			int stride) {
		String shortcut = input;
		if (stride != 1 || inChannels != out) {
			shortcut = builder.convBn(name + ".downsample.0", name + ".downsample.1", builder.conv(1, stride, 0, out),
					input);
		}
		builder.graph.addVertex(name + ".add", new ElementWiseVertex(ElementWiseVertex.Op.Add), branch, shortcut);
		builder.graph.addLayer(name + ".relu", relu(), name + ".add");
		return name + ".relu";
	}

	/** Adds convolutions each followed by its BatchNorm, or alone when fused. */
	private static final class Builder {

		private final GraphBuilder graph;

		private final boolean fused;

		private final CNN2DFormat format;

		private String last;

		private Builder(GraphBuilder graph, boolean fused) {
			this.graph = graph;
			this.fused = fused;
			this.format = fused ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
		}

		/** A convolution without bias, or with one when its BatchNorm is folded in. */
		ConvolutionLayer conv(int kernel, int stride, int padding, int channels) {
			return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride)
				.padding(padding, padding)
				.nOut(channels)
				.hasBias(this.fused)
				.dataFormat(this.format)
				.build();
		}

		/** Adds the pair and answers the name of the layer to connect to next. */
		String convBn(String convName, String bnName, ConvolutionLayer conv, String input) {
			this.graph.addLayer(convName, conv, input);
			this.last = convName;
			if (!this.fused) {
				this.graph.addLayer(bnName, new BatchNormalization.Builder().build(), convName);
				this.last = bnName;
			}
			return this.last;
		}

	}

	private static ActivationLayer relu() {
		return new ActivationLayer.Builder().activation(Activation.RELU).build();
	}

}
