package dev.lantern.models;

import java.util.List;

/**
 * Runs operations on served models through the per-device workers. HTTP threads call it
 * and wait; capacity and time limits surface as 503 and 504 problems.
 */
public interface Inference {

	/**
	 * The metadata of the version that would serve a request.
	 * @param model the model's name
	 * @param version a version number, or null for the default version
	 */
	ModelVersionInfo resolve(String model, Integer version);

	/**
	 * The metadata of the version that would serve a request needing a model of the given
	 * kind.
	 * @param model the model's name
	 * @param version a version number, or null for the default version
	 * @param kind the kind the caller needs ({@code tabular}, {@code vision})
	 * @throws dev.lantern.system.errors.InvalidInputException when the version is of
	 * another kind
	 */
	ModelVersionInfo resolve(String model, Integer version, String kind);

	/** Runs one input; it may share a batch with other requests' inputs. */
	<M extends ServableModel, I, O> O run(String model, Integer version, Operation<M, I, O> operation, I input);

	/** Runs several inputs of one request; the outputs come back in the same order. */
	<M extends ServableModel, I, O> List<O> runAll(String model, Integer version, Operation<M, I, O> operation,
			List<I> inputs);

}
