package dev.lantern.training;

import java.util.Locale;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryType;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What training a network takes in memory, estimated from its configuration before any
 * array is allocated: DL4J's memory report of the configuration (parameters, embedding
 * tables included; their gradients; the optimizer's state, for Adam two values per
 * parameter; activations and their gradients at the batch size; working memory and the
 * cache of the cache mode). Building the configuration allocates nothing, so a network
 * too large for the device is refused before it can reach a native allocation.
 *
 * @param parameters the number of parameters
 * @param parameterBytes the parameters, their gradients and the optimizer's state
 * @param batchBytes the activations, their gradients, working memory and cache at the
 * batch size
 * @param batchSize the batch size the activations were counted at
 */
public record TrainingFootprint(long parameters, long parameterBytes, long batchBytes, int batchSize) {

	/**
	 * Estimates the footprint of training a graph.
	 * @param configuration the network's configuration (not modified)
	 * @param batchSize the examples per optimizer step
	 * @param cacheMode the cache mode the network trains with
	 * @param inputs the type of each of the graph's inputs, in order
	 * @return the estimate
	 */
	public static TrainingFootprint of(ComputationGraphConfiguration configuration, int batchSize, CacheMode cacheMode,
			InputType... inputs) {
		MemoryReport report = configuration.clone().getMemoryReport(inputs);
		long total = report.getTotalMemoryBytes(batchSize, MemoryUseMode.TRAINING, cacheMode, DataType.FLOAT);
		long parameterBytes = 0;
		for (MemoryType type : new MemoryType[] { MemoryType.PARAMETERS, MemoryType.PARAMATER_GRADIENTS,
				MemoryType.UPDATER_STATE }) {
			parameterBytes += report.getMemoryBytes(type, batchSize, MemoryUseMode.TRAINING, cacheMode, DataType.FLOAT);
		}
		long parameters = report.getMemoryBytes(MemoryType.PARAMETERS, batchSize, MemoryUseMode.TRAINING, cacheMode,
				DataType.FLOAT) / DataType.FLOAT.width();
		return new TrainingFootprint(parameters, parameterBytes, Math.max(0, total - parameterBytes), batchSize);
	}

	/**
	 * This estimate scaled to what training was measured to take: the batch part times
	 * {@code batchFactor}, plus {@code runtimeBytes} the process needs whatever the
	 * network (counted with the batch part).
	 * @param batchFactor the measured peak's batch part over the report's, at least 1
	 * @param runtimeBytes the fixed part DL4J's report does not count, at least 0
	 * @return the scaled estimate
	 */
	public TrainingFootprint scaled(double batchFactor, long runtimeBytes) {
		if (!(batchFactor >= 1) || runtimeBytes < 0) {
			throw new IllegalArgumentException("batchFactor " + batchFactor + ", runtimeBytes " + runtimeBytes);
		}
		return new TrainingFootprint(this.parameters, this.parameterBytes,
				(long) Math.ceil(this.batchBytes * batchFactor) + runtimeBytes, this.batchSize);
	}

	/** The whole estimate in bytes. */
	public long bytes() {
		return this.parameterBytes + this.batchBytes;
	}

	/** Whether the activations at the batch size take more than the parameters. */
	public boolean batchDominates() {
		return this.batchBytes > this.parameterBytes;
	}

	/** The estimate in words, for messages. */
	public String describe() {
		return "about " + gigabytes(bytes()) + " (" + String.format(Locale.ROOT, "%,d", bytes()) + " bytes: "
				+ String.format(Locale.ROOT, "%,d", this.parameters) + " parameters with their gradients and "
				+ "optimizer state " + gigabytes(this.parameterBytes) + ", activations at batch size " + this.batchSize
				+ " " + gigabytes(this.batchBytes) + ")";
	}

	/** Bytes as gigabytes with two decimals, such as {@code 57.31 GB}. */
	static String gigabytes(long bytes) {
		return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
	}

}
