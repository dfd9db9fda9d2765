package dev.lantern.vision.serve;

import org.deeplearning4j.nn.graph.ComputationGraph;

import dev.lantern.models.ServableModel;
import dev.lantern.vision.interpret.Interpretation;
import dev.lantern.vision.model.VisionModelMetadata;

/**
 * A loaded vision model version: its graph, metadata and validation interpretation.
 * Operations of other features (heatmaps) receive it on a worker thread that owns it.
 */
public final class VisionModel implements ServableModel {

	/** The kind of vision model versions. */
	public static final String KIND = "vision";

	private final ComputationGraph graph;

	private final VisionModelMetadata metadata;

	private final Interpretation interpretation;

	VisionModel(ComputationGraph graph, VisionModelMetadata metadata, Interpretation interpretation) {
		this.graph = graph;
		this.metadata = metadata;
		this.interpretation = interpretation;
	}

	/** The worker's own graph: never share it between threads. */
	public ComputationGraph graph() {
		return this.graph;
	}

	public VisionModelMetadata metadata() {
		return this.metadata;
	}

	/** The validation interpretation, or null when the version has none. */
	public Interpretation interpretation() {
		return this.interpretation;
	}

	@Override
	public VisionModel copyForWorker() {
		return new VisionModel(this.graph.clone(), this.metadata, this.interpretation);
	}

	/**
	 * Parameters in float, plus the activations of a batch of 16, taken as the same
	 * again.
	 */
	@Override
	public long estimatedBytes() {
		return this.graph.numParams() * Float.BYTES * 2;
	}

}
