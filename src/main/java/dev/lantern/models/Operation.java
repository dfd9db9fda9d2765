package dev.lantern.models;

import java.util.List;

/**
 * Something a worker does with a loaded model, such as predicting sales or classifying
 * images. The runtime queues each request and hands a worker's own model copy and a batch
 * of inputs to {@link #apply}.
 *
 * @param <M> the model type
 * @param <I> one request's input
 * @param <O> one request's output
 */
public interface Operation<M extends ServableModel, I, O> {

	/** The operation's name, for metrics ({@code predict}, {@code classify}, ...). */
	String name();

	/**
	 * The kind of model version this operation runs on, as its {@link ModelFormat#kind()}
	 * names it ({@code tabular}, {@code vision}). {@link Inference} refuses a version of
	 * another kind before anything is queued.
	 */
	String modelKind();

	/**
	 * Whether inputs of several requests may run as one batch. When false, each batch
	 * holds one input.
	 */
	boolean batchable();

	/**
	 * How many examples (images, table rows) an input holds, for the activation budget
	 * ({@code lantern.inference.worker-memory}): 1 by default.
	 */
	default int examples(I input) {
		return 1;
	}

	/**
	 * Runs a batch.
	 * @return one output per input, in the same order
	 */
	List<O> apply(M model, List<I> inputs) throws Exception;

}
