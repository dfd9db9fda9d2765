package dev.lantern.vision.train;

/**
 * Builds networks of one architecture, such as {@code resnet34}. One Spring bean per
 * architecture; the {@code vision-train} job finds it by {@link #architecture()}.
 */
public interface VisionNetworkFactory {

	/** The architecture's name in job specs. */
	String architecture();

	/**
	 * Builds a network. When {@code spec.pretrained()} is asked for but no weights are
	 * available, the factory starts from random weights and says so through
	 * {@link VisionNetwork#pretrained()}.
	 */
	VisionNetwork create(NetworkSpec spec);

	/**
	 * What to build.
	 *
	 * @param classes the number of classes
	 * @param imageSize the side of the square input images
	 * @param pretrained whether to load pretrained body weights
	 * @param bnFinal whether the head ends with a BatchNorm (fastai {@code bn_final})
	 * @param weightDecay the decoupled weight decay of every trainable layer (fastai
	 * {@code wd=0.01})
	 * @param seed the seed of random initialization
	 * @param width the channels of the body's first stage, doubled per stage; null for
	 * the architecture's standard width (64 for ResNets, torchvision's); smaller widths
	 * make small networks for quick runs and tests
	 */
	record NetworkSpec(int classes, int imageSize, boolean pretrained, boolean bnFinal, double weightDecay, long seed,
			Integer width) {

		public NetworkSpec(int classes, int imageSize, boolean pretrained, boolean bnFinal, double weightDecay,
				long seed) {
			this(classes, imageSize, pretrained, bnFinal, weightDecay, seed, null);
		}

	}

}
