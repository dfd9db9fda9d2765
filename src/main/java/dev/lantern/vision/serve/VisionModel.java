package dev.lantern.vision.serve;

import java.util.Map;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryType;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	private static final Logger log = LoggerFactory.getLogger(VisionModel.class);

	/**
	 * What a measured forward pass takes beyond the activations it keeps, when DL4J's
	 * memory report cannot describe a graph: working memory (im2col, oneDNN reorders) is
	 * taken as the activations again.
	 */
	static final int MEASURED_WORKING_FACTOR = 2;

	/**
	 * DL4J's memory report times this (in tenths) is the estimate: a single pass of a
	 * served ResNet-18 on a fresh thread grew the resident set by up to 1.46 times the
	 * report, a worker's first request at 224 px by 1.04-1.18 times (the C library's
	 * heap, oneDNN's reorders and per-thread buffers, which the report does not count).
	 */
	static final int REPORT_FACTOR_TENTHS = 15;

	private final ComputationGraph graph;

	private final VisionModelMetadata metadata;

	private final Interpretation interpretation;

	private final long activationBytesPerImage;

	VisionModel(ComputationGraph graph, VisionModelMetadata metadata, Interpretation interpretation) {
		this(graph, metadata, interpretation, activationBytesPerImage(graph, metadata.imageSize()));
	}

	private VisionModel(ComputationGraph graph, VisionModelMetadata metadata, Interpretation interpretation,
			long activationBytesPerImage) {
		this.graph = graph;
		this.metadata = metadata;
		this.interpretation = interpretation;
		this.activationBytesPerImage = activationBytesPerImage;
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
		return new VisionModel(this.graph.clone(), this.metadata, this.interpretation, this.activationBytesPerImage);
	}

	/** The parameters in float (the activations are counted per image apart). */
	@Override
	public long estimatedBytes() {
		return this.graph.numParams() * Float.BYTES;
	}

	/** One image at the version's size: see {@link #activationBytesPerImage}. */
	@Override
	public long activationBytesPerExample() {
		return this.activationBytesPerImage;
	}

	/**
	 * The native memory one image at {@code imageSize} takes in a forward pass at
	 * inference: DL4J's memory report of the served graph for inference at batch 1 (the
	 * activations of every layer, as if all were alive at once, and each layer's working
	 * memory such as im2col), without the parameters, times 1.5
	 * ({@link #REPORT_FACTOR_TENTHS}). A pass of n images is counted as n times this,
	 * which is at least the report at batch n. When the report cannot describe the graph,
	 * one image is run once and the activations of every layer are summed, times
	 * {@link #MEASURED_WORKING_FACTOR}.
	 * @param graph the served graph
	 * @param imageSize the side of the square input in pixels
	 * @return the estimate in bytes
	 */
	static long activationBytesPerImage(ComputationGraph graph, int imageSize) {
		try {
			MemoryReport report = graph.getConfiguration()
				.getMemoryReport(InputType.convolutional(imageSize, imageSize, 3));
			long total = report.getTotalMemoryBytes(1, MemoryUseMode.INFERENCE, CacheMode.NONE, DataType.FLOAT);
			long parameters = report.getMemoryBytes(MemoryType.PARAMETERS, 1, MemoryUseMode.INFERENCE, CacheMode.NONE,
					DataType.FLOAT);
			if (total - parameters > 0) {
				return (total - parameters) * REPORT_FACTOR_TENTHS / 10;
			}
		}
		catch (RuntimeException ex) {
			log.info("No memory report for this graph ({}); measuring one image's activations", ex.toString());
		}
		return measuredBytesPerImage(graph, imageSize);
	}

	private static long measuredBytesPerImage(ComputationGraph graph, int imageSize) {
		INDArray image = Nd4j.zeros(DataType.FLOAT, 1, 3, imageSize, imageSize);
		long bytes = image.length() * Float.BYTES;
		Map<String, INDArray> activations = graph.feedForward(image, false);
		for (INDArray activation : activations.values()) {
			if (activation != null) {
				bytes += activation.length() * activation.dataType().width();
			}
		}
		return bytes * MEASURED_WORKING_FACTOR;
	}

}
