package dev.lantern.vision.train;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A classification network being trained: a body (pretrained or not) and a head, split
 * into fastai's layer groups. The trainer reads {@link #graph()} after every
 * {@link #freeze()} or {@link #unfreeze()}, since freezing may build a new graph.
 * <p>
 * The graph takes one input of shape [N, 3, size, size] (ImageNet-normalized) and has one
 * softmax output over the classes, trained with multi-class cross-entropy.
 */
public interface VisionNetwork {

	/** The current graph. */
	ComputationGraph graph();

	/** Whether the body started from pretrained weights. */
	boolean pretrained();

	/**
	 * Freezes the body: only the head (and, as fastai's {@code train_bn=True}, the body's
	 * BatchNorm layers, where the implementation supports it) learn.
	 */
	void freeze();

	/** Makes every layer trainable again. */
	void unfreeze();

	/**
	 * The names of the layers with parameters the trainer should schedule, by layer group
	 * from the input side to the head (fastai's {@code layer_groups}), in the current
	 * freeze state. Frozen layers are left out; a group may be empty. The trainer spreads
	 * discriminative learning rates over these groups.
	 */
	List<List<String>> trainableLayerGroups();

}
