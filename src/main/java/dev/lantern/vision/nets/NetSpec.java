package dev.lantern.vision.nets;

/**
 * What network to build.
 *
 * @param architecture the body
 * @param classes the number of classes of the head's output (at least 2)
 * @param imageSize the side of the square input images in pixels (fastai's lesson trains
 * at 224, then 352), at least {@link Architecture#minImageSize()}
 * @param baseWidth the channels of the first stage, doubled per stage (torchvision: 64);
 * smaller values make tiny ResNets for tests; the zoo ResNet-50 is fixed at 64
 * @param head the classifier head of the ResNets ({@code simple-cnn} has its own)
 * @param seed the seed of the random initialization
 */
public record NetSpec(Architecture architecture, int classes, int imageSize, int baseWidth, HeadOptions head,
		long seed) {

	/** torchvision's base width, the ResNets' standard. */
	public static final int STANDARD_WIDTH = 64;

	public NetSpec {
		if (architecture == null || head == null) {
			throw new IllegalArgumentException("architecture and head are required");
		}
		if (classes < 2) {
			throw new IllegalArgumentException("A classifier needs at least 2 classes, got " + classes);
		}
		if (imageSize < architecture.minImageSize()) {
			throw new IllegalArgumentException("imageSize must be at least " + architecture.minImageSize()
					+ " pixels for " + architecture.id() + ", got " + imageSize);
		}
		if (baseWidth < 1 || (architecture == Architecture.RESNET50_ZOO && baseWidth != STANDARD_WIDTH)) {
			throw new IllegalArgumentException("baseWidth " + baseWidth + " is not possible for " + architecture.id());
		}
	}

	/**
	 * The standard network: the architecture's standard width (torchvision's for the
	 * ResNets), fastai's head, seed 42.
	 * @param architecture the body
	 * @param classes the number of classes
	 * @param imageSize the input side in pixels
	 * @return the specification
	 */
	public static NetSpec of(Architecture architecture, int classes, int imageSize) {
		return new NetSpec(architecture, classes, imageSize, architecture.standardWidth(), HeadOptions.fastai(), 42);
	}

	/** The same with another base width (not for the zoo ResNet-50). */
	public NetSpec withBaseWidth(int baseWidth) {
		return new NetSpec(this.architecture, this.classes, this.imageSize, baseWidth, this.head, this.seed);
	}

	/** The same with another head. */
	public NetSpec withHead(HeadOptions head) {
		return new NetSpec(this.architecture, this.classes, this.imageSize, this.baseWidth, head, this.seed);
	}

	/** The same with another seed. */
	public NetSpec withSeed(long seed) {
		return new NetSpec(this.architecture, this.classes, this.imageSize, this.baseWidth, this.head, seed);
	}

}
