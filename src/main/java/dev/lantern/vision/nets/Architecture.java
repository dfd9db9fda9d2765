package dev.lantern.vision.nets;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The networks Lantern trains: torchvision's ResNet-18, ResNet-34 and ResNet-50 built as
 * DL4J graphs, the DL4J zoo's ResNet-50, each with fastai's head, and a small CNN for
 * quick runs.
 */
public enum Architecture {

	/** torchvision's resnet18: basic blocks [2, 2, 2, 2]. */
	RESNET18("resnet18", "resnet18.zip", NetSpec.STANDARD_WIDTH, 32),

	/** torchvision's resnet34: basic blocks [3, 4, 6, 3]. */
	RESNET34("resnet34", "resnet34.zip", NetSpec.STANDARD_WIDTH, 32),

	/**
	 * torchvision's resnet50: bottleneck blocks [3, 4, 6, 3], the stride on the 3x3
	 * convolution ("v1.5").
	 */
	RESNET50("resnet50", "resnet50.zip", NetSpec.STANDARD_WIDTH, 32),

	/**
	 * The DL4J zoo's ResNet50 (bottleneck blocks, but it strides already in its second
	 * stage and does about a quarter of torchvision's work: a different network), whose
	 * pretrained archive is {@code resnet50_dl4j_inference.v3.zip}.
	 */
	RESNET50_ZOO("resnet50-zoo", "resnet50_dl4j_inference.v3.zip", NetSpec.STANDARD_WIDTH, 32),

	/**
	 * A small CNN in the spirit of fastai's {@code simple_cnn} ({@link SimpleCnn}): no
	 * pretrained weights, quick to train on small images.
	 */
	SIMPLE_CNN("simple-cnn", null, SimpleCnn.STANDARD_WIDTH, 16);

	private final String id;

	private final String pretrainedFile;

	private final int standardWidth;

	private final int minImageSize;

	Architecture(String id, String pretrainedFile, int standardWidth, int minImageSize) {
		this.id = id;
		this.pretrainedFile = pretrainedFile;
		this.standardWidth = standardWidth;
		this.minImageSize = minImageSize;
	}

	/**
	 * The id used in job specs and stored with each model version, such as
	 * {@code resnet34} or {@code simple-cnn}.
	 */
	public String id() {
		return this.id;
	}

	/**
	 * The file in {@code lantern.vision.nets.pretrained-dir} that holds this body's
	 * ImageNet weights, or null for a network that has none.
	 */
	public String pretrainedFile() {
		return this.pretrainedFile;
	}

	/**
	 * The channels of the body's first stage when a spec does not choose (torchvision's
	 * 64 for the ResNets, 16 for {@code simple-cnn}).
	 */
	public int standardWidth() {
		return this.standardWidth;
	}

	/**
	 * The smallest input side in pixels: the body must leave at least one pixel after its
	 * downsampling (32 times for the ResNets, 16 for {@code simple-cnn}).
	 */
	public int minImageSize() {
		return this.minImageSize;
	}

	/**
	 * The architecture with the given id.
	 * @param id {@code resnet18}, {@code resnet34}, {@code resnet50},
	 * {@code resnet50-zoo} or {@code simple-cnn} (any case)
	 * @return the architecture
	 * @throws IllegalArgumentException for an unknown id
	 */
	public static Architecture of(String id) {
		for (Architecture architecture : values()) {
			if (architecture.id().equalsIgnoreCase(id)) {
				return architecture;
			}
		}
		throw new IllegalArgumentException("Unknown architecture '" + id + "': expected " + ids());
	}

	/** Every id, comma-separated, for messages. */
	public static String ids() {
		return Arrays.stream(values()).map(Architecture::id).collect(Collectors.joining(", "));
	}

}
