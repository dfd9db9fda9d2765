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
	 * bound. The activations of a forward pass are counted apart
	 * ({@link #activationBytesPerExample()}).
	 */
	long estimatedBytes();

	/**
	 * An estimate, on the pessimistic side, of the native memory the activations of one
	 * example (an image, a table row) take in a forward pass at inference, working memory
	 * included. The runtime keeps a batch's examples times this within
	 * {@code lantern.inference.worker-memory}. 0 when it is negligible (then only
	 * {@code max-batch-size} bounds a batch).
	 */
	default long activationBytesPerExample() {
		return 0;
	}

	/**
	 * The most examples one forward pass of this model runs when nothing but
	 * {@code lantern.inference.max-batch-size} limits it: by default a batch of that many
	 * inputs; a model that cuts its inputs into passes of its own (table rows in chunks)
	 * returns its pass size.
	 * @param maxBatchSize the most inputs in one batch
	 */
	default int largestPass(int maxBatchSize) {
		return maxBatchSize;
	}

	/**
	 * Tells this copy the most examples it may run in one forward pass, before it serves
	 * anything. The runtime never hands a batch of more examples to an operation, except
	 * a single input that holds more (a request's chunk of table rows): a model that cuts
	 * its inputs into passes keeps every pass within this.
	 * @param examples at least 1
	 */
	default void limitExamplesPerPass(int examples) {
	}

}
