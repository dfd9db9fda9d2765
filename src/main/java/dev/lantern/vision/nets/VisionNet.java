package dev.lantern.vision.nets;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;

/**
 * A classification network as a DL4J graph with one input ({@value #INPUT}, NCHW float
 * images, normalized) and one softmax output over the classes, split into fastai's layer
 * groups (the head last). The ResNets end in fastai's head ({@value #OUTPUT}).
 * <p>
 * Freezing and unfreezing return new instances (DL4J may rebuild the graph); the
 * parameters carry over, the updater state does not. Not thread-safe: train it on one
 * thread, and give each inference thread its own clone of {@link #graph()}.
 */
public final class VisionNet {

	/** The graph's input. */
	public static final String INPUT = "input";

	/**
	 * The output layer of the ResNets' fastai head: softmax probabilities, negative
	 * log-likelihood loss.
	 */
	public static final String OUTPUT = "head.out";

	/** The prefix of every fastai head layer's name. */
	public static final String HEAD_PREFIX = "head.";

	private final ComputationGraph graph;

	private final NetSpec spec;

	private final boolean pretrained;

	private final String bodyOutput;

	private final boolean frozen;

	VisionNet(ComputationGraph graph, NetSpec spec, boolean pretrained, String bodyOutput, boolean frozen) {
		this.graph = graph;
		this.spec = spec;
		this.pretrained = pretrained;
		this.bodyOutput = bodyOutput;
		this.frozen = frozen;
	}

	/** The network. */
	public ComputationGraph graph() {
		return this.graph;
	}

	/** What it was built from. */
	public NetSpec spec() {
		return this.spec;
	}

	/** Whether the body started from pretrained weights rather than random ones. */
	public boolean pretrained() {
		return this.pretrained;
	}

	/**
	 * The name of the body's last activation layer (the input of the head's pooling), for
	 * activation hooks such as Grad-CAM: {@code layer4.1.relu} for ResNet-18,
	 * {@code layer4.2.relu} for ResNet-34 and ResNet-50, the zoo's name for
	 * {@code resnet50-zoo}, {@code relu3} for {@code simple-cnn}.
	 */
	public String bodyOutput() {
		return this.bodyOutput;
	}

	/** Whether the body is frozen. */
	public boolean frozen() {
		return this.frozen;
	}

	/**
	 * The layers with parameters split into fastai's layer groups, the input side first
	 * and the head last: for ResNets the body up to its second stage ({@code conv1} ...
	 * {@code layer2}), the rest of the body ({@code layer3}, {@code layer4}) and the
	 * head; for {@code simple-cnn} the body and the output layer.
	 */
	public List<List<String>> layerGroups() {
		Architecture architecture = this.spec.architecture();
		List<List<String>> groups = new ArrayList<>();
		for (int g = 0; g < LayerGroups.count(architecture); g++) {
			groups.add(new ArrayList<>());
		}
		for (Layer layer : this.graph.getLayers()) {
			if (layer.numParams() == 0) {
				continue;
			}
			String name = layer.getConfig().getLayerName();
			groups.get(LayerGroups.of(architecture, name)).add(name);
		}
		return groups.stream().map(List::copyOf).toList();
	}

	/**
	 * The layer groups with only the layers that learn in the current freeze state: a
	 * frozen body offers only its BatchNorm layers where the freeze leaves them trainable
	 * ({@code simple-cnn}, fastai's {@code train_bn}), a frozen ResNet body nothing. A
	 * group may be empty. Trainers give these layers their group's learning rate.
	 */
	public List<List<String>> trainableLayerGroups() {
		List<List<String>> groups = layerGroups();
		int head = groups.size() - 1;
		List<List<String>> trainable = new ArrayList<>();
		for (int g = 0; g < groups.size(); g++) {
			boolean body = g < head;
			trainable.add(groups.get(g).stream().filter((name) -> trains(this.graph.getLayer(name), body)).toList());
		}
		return List.copyOf(trainable);
	}

	private boolean trains(Layer layer, boolean body) {
		if (layer instanceof FrozenLayer || layer instanceof FrozenLayerWithBackprop) {
			return false;
		}
		return !(this.frozen && body) || layer.conf().getLayer() instanceof BatchNormalization;
	}

	/**
	 * A copy with the body frozen; this instance when already frozen. A ResNet body keeps
	 * its parameters fixed and its BatchNorm layers use their running statistics (DL4J's
	 * frozen layers; fastai instead keeps BatchNorm trainable). {@code simple-cnn} keeps
	 * its graph: its convolutions leave {@link #trainableLayerGroups()} (trainers then
	 * give them no learning rate) and its BatchNorm layers keep learning, as fastai's
	 * {@code train_bn}.
	 */
	public VisionNet freeze() {
		if (this.frozen) {
			return this;
		}
		ComputationGraph frozenGraph = (this.spec.architecture() == Architecture.SIMPLE_CNN) ? this.graph
				: Freezing.freeze(this.graph, this.bodyOutput);
		return new VisionNet(frozenGraph, this.spec, this.pretrained, this.bodyOutput, true);
	}

	/** A copy with every layer trainable and the same parameters (the same outputs). */
	public VisionNet unfreeze() {
		if (!this.frozen) {
			return this;
		}
		ComputationGraph unfrozenGraph = (this.spec.architecture() == Architecture.SIMPLE_CNN) ? this.graph
				: Freezing.unfreeze(this.graph);
		return new VisionNet(unfrozenGraph, this.spec, this.pretrained, this.bodyOutput, false);
	}

}
