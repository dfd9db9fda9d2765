package dev.lantern.vision.nets;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * fastai's layer groups of each architecture (the {@code split} of fastai v1's
 * {@code model_meta}): the groups that discriminative learning rates tell apart, the
 * input side first and the head last.
 * <ul>
 * <li>ResNets: the body up to its second stage, the rest of the body, the head
 * ({@code _resnet_split}: three groups).</li>
 * <li>{@code simple-cnn}: the convolutional body and the output layer (two groups).</li>
 * </ul>
 */
final class LayerGroups {

	/** Stage-3 and stage-4 layers of torchvision's naming. */
	private static final Predicate<String> TORCHVISION_SECOND_HALF = (name) -> name.startsWith("layer3.")
			|| name.startsWith("layer4.");

	/**
	 * Stage-4 and stage-5 layers of the zoo's naming ({@code res4a_branch2a},
	 * {@code bn5c_branch2c}).
	 */
	private static final Predicate<String> ZOO_SECOND_HALF = Pattern.compile("^(res|bn)[45].*").asPredicate();

	private LayerGroups() {
	}

	/** How many groups the architecture has. */
	static int count(Architecture architecture) {
		return (architecture == Architecture.SIMPLE_CNN) ? 2 : 3;
	}

	/** The group of the layer named {@code layer}, from 0. */
	static int of(Architecture architecture, String layer) {
		return switch (architecture) {
			case RESNET18, RESNET34, RESNET50 ->
				layer.startsWith(VisionNet.HEAD_PREFIX) ? 2 : TORCHVISION_SECOND_HALF.test(layer) ? 1 : 0;
			case RESNET50_ZOO -> layer.startsWith(VisionNet.HEAD_PREFIX) ? 2 : ZOO_SECOND_HALF.test(layer) ? 1 : 0;
			case SIMPLE_CNN -> SimpleCnn.OUTPUT.equals(layer) ? 1 : 0;
		};
	}

}
