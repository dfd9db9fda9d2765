package dev.lantern.vision.nets;

import java.util.Locale;

/**
 * The convolutional bodies Lantern trains: torchvision's ResNet-18 and ResNet-34 built as
 * DL4J graphs, and the DL4J zoo's ResNet-50.
 */
public enum Architecture {

	/** torchvision's resnet18: basic blocks [2, 2, 2, 2]. */
	RESNET18("resnet18.zip"),

	/** torchvision's resnet34: basic blocks [3, 4, 6, 3]. */
	RESNET34("resnet34.zip"),

	/**
	 * The DL4J zoo's ResNet50 (bottleneck blocks; it strides already in its second stage,
	 * so it is not torchvision's resnet50).
	 */
	RESNET50("resnet50_dl4j_inference.v3.zip");

	private final String pretrainedFile;

	Architecture(String pretrainedFile) {
		this.pretrainedFile = pretrainedFile;
	}

	/** The lower-case id used in requests and metadata, such as {@code resnet34}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The file in {@code lantern.vision.nets.pretrained-dir} that holds this body's
	 * ImageNet weights.
	 */
	public String pretrainedFile() {
		return this.pretrainedFile;
	}

	/**
	 * The architecture with the given id.
	 * @param id {@code resnet18}, {@code resnet34} or {@code resnet50} (any case)
	 * @return the architecture
	 * @throws IllegalArgumentException for an unknown id
	 */
	public static Architecture of(String id) {
		for (Architecture architecture : values()) {
			if (architecture.id().equalsIgnoreCase(id)) {
				return architecture;
			}
		}
		throw new IllegalArgumentException(
				"Unknown architecture '" + id + "': expected resnet18, resnet34 or resnet50");
	}

}
