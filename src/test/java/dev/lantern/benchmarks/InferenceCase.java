package dev.lantern.benchmarks;

import java.util.function.IntFunction;

import dev.lantern.models.Operation;
import dev.lantern.models.ServableModel;

/**
 * A published model, the operation to run on it and the inputs to send, for
 * {@link InferenceBenchmark}. Features whose operations are package-private build it in
 * their own test package.
 *
 * @param <M> the model type
 * @param <I> the input type
 * @param <O> the output type
 * @param label what the table calls it
 * @param model the published model's name
 * @param operation the operation
 * @param inputs the input of request {@code i}
 */
public record InferenceCase<M extends ServableModel, I, O>(String label, String model, Operation<M, I, O> operation,
		IntFunction<I> inputs) {

}
