package dev.lantern.vision.nets;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjIntConsumer;
import java.util.function.Predicate;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * A ResNet body with a fastai head, as a DL4J graph with one input ({@value #INPUT}, NCHW
 * float images) and one output ({@value #OUTPUT}, class probabilities).
 * <p>
 * Freezing and unfreezing return new instances (DL4J rebuilds the graph); the parameters
 * carry over, the updater state does not. Not thread-safe: train it on one thread, and
 * give each inference thread its own clone of {@link #graph()}.
 */
public final class VisionNet {

	/** The graph's input. */
	public static final String INPUT = "input";

	/** The graph's output layer: softmax probabilities, negative log-likelihood loss. */
	public static final String OUTPUT = "head.out";

	/** The prefix of every head layer's name. */
	public static final String HEAD_PREFIX = "head.";

	private final ComputationGraph graph;

	private final NetSpec spec;

	private final boolean pretrained;

	private final String bodyOutput;

	private final Predicate<String> secondBodyHalf;

	VisionNet(ComputationGraph graph, NetSpec spec, boolean pretrained, String bodyOutput,
			Predicate<String> secondBodyHalf) {
		this.graph = graph;
		this.spec = spec;
		this.pretrained = pretrained;
		this.bodyOutput = bodyOutput;
		this.secondBodyHalf = secondBodyHalf;
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
	 * {@code layer4.2.relu} for ResNet-34, the zoo's name for ResNet-50.
	 */
	public String bodyOutput() {
		return this.bodyOutput;
	}

	/** Whether the body is frozen. */
	public boolean frozen() {
		Layer first = this.graph.getLayers()[0];
		return first instanceof FrozenLayer || first instanceof FrozenLayerWithBackprop;
	}

	/**
	 * The trainable layers split into fastai's three layer groups for ResNets: the body
	 * up to its second stage ({@code conv1} ... {@code layer2}), the rest of the body
	 * ({@code layer3}, {@code layer4}), and the head. Only layers with parameters are
	 * listed.
	 */
	public List<List<String>> layerGroups() {
		List<List<String>> groups = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		for (Layer layer : this.graph.getLayers()) {
			if (layer.numParams() == 0) {
				continue;
			}
			String name = layer.getConfig().getLayerName();
			int group = name.startsWith(HEAD_PREFIX) ? 2 : this.secondBodyHalf.test(name) ? 1 : 0;
			groups.get(group).add(name);
		}
		return groups.stream().map(List::copyOf).toList();
	}

	/**
	 * A copy with the body frozen: its parameters stay fixed and its BatchNorm layers use
	 * their running statistics. This instance when already frozen.
	 */
	public VisionNet freeze() {
		if (frozen()) {
			return this;
		}
		return new VisionNet(Freezing.freeze(this.graph, this.bodyOutput), this.spec, this.pretrained, this.bodyOutput,
				this.secondBodyHalf);
	}

	/** A copy with every layer trainable and the same parameters (the same outputs). */
	public VisionNet unfreeze() {
		if (!frozen()) {
			return this;
		}
		return new VisionNet(Freezing.unfreeze(this.graph), this.spec, this.pretrained, this.bodyOutput,
				this.secondBodyHalf);
	}

	/**
	 * Sets one learning rate per layer group (see {@link #layerGroups()}), such as
	 * {@link LearningRates#slice(double, double, int)}; frozen layers are left alone.
	 * Replaces any schedule of those layers and starts the optimizer afresh (its moments
	 * are reset), so call it when a training stage starts.
	 * @param rates one rate per group, first group first
	 */
	public void setLearningRates(double... rates) {
		apply(rates.length, (updater, group) -> updater.setLrAndSchedule(rates[group], null));
	}

	/**
	 * Sets one learning rate schedule per layer group, such as a one-cycle schedule
	 * scaled per group; otherwise as {@link #setLearningRates(double...)}.
	 * @param schedules one schedule per group, first group first
	 */
	public void setLearningRateSchedules(ISchedule... schedules) {
		apply(schedules.length, (updater, group) -> updater.setLrAndSchedule(Double.NaN, schedules[group]));
	}

	/**
	 * Changes each trainable layer's updater configuration, then rebuilds the optimizer:
	 * DL4J's own {@code setLearningRate(layer, lr)} fails on graphs with BatchNorm before
	 * the first step, and per-layer calls would rebuild the optimizer state once per
	 * layer.
	 */
	private void apply(int count, ObjIntConsumer<IUpdater> change) {
		List<List<String>> groups = layerGroups();
		if (count != groups.size()) {
			throw new IllegalArgumentException(
					"Expected " + groups.size() + " learning rates (one per layer group), got " + count);
		}
		for (int group = 0; group < groups.size(); group++) {
			for (String name : groups.get(group)) {
				Layer layer = this.graph.getLayer(name);
				if (layer instanceof FrozenLayer || layer instanceof FrozenLayerWithBackprop
						|| !(layer.conf().getLayer() instanceof BaseLayer configuration)
						|| !configuration.getIUpdater().hasLearningRate()) {
					continue;
				}
				IUpdater updater = configuration.getIUpdater().clone();
				change.accept(updater, group);
				configuration.setIUpdater(updater);
			}
		}
		this.graph.setUpdater(new ComputationGraphUpdater(this.graph));
	}

}
