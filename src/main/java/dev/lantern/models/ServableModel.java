package dev.lantern.models;

/**
 * A model version loaded into memory, ready to serve. Not thread-safe: the inference
 * runtime gives each worker thread its own copy.
 */
public interface ServableModel {

	/**
	 * A copy that one worker thread owns (DL4J graphs are not safe for concurrent use).
	 */
	ServableModel copyForWorker();

	/**
	 * An estimate of the memory this copy holds (parameters, buffers), for the cache
	 * bound.
	 */
	long estimatedBytes();

}
