package dev.lantern.models;

import dev.lantern.system.errors.LanternException;

import java.util.List;

/**
 * Adapts one model kind to the KServe V2 / Open Inference Protocol ({@code POST
 * /v2/models/{name}/infer}). One bean per kind; the V2 endpoints find it by
 * {@link #kind()} and run inference through {@link Inference}.
 */
public interface OpenInferenceAdapter {

	/** The model kind served, as in {@link ModelVersionInfo#kind()}. */
	String kind();

	/** The input tensors a version takes, for the model metadata endpoint. */
	List<TensorSpec> inputs(ModelVersionInfo model);

	/** The output tensors a version produces. */
	List<TensorSpec> outputs(ModelVersionInfo model);

	/**
	 * Runs inference on V2 input tensors.
	 * @throws InvalidInputException naming the tensor that is wrong
	 */
	List<Tensor> infer(ModelVersionInfo model, List<Tensor> inputs);

	/**
	 * A tensor's metadata.
	 *
	 * @param name the tensor's name
	 * @param datatype {@code FP32}, {@code INT64} or {@code BYTES}
	 * @param shape the shape, -1 for a variable dimension
	 */
	record TensorSpec(String name, String datatype, List<Long> shape) {

	}

	/**
	 * A tensor with its data flattened in row-major order: numbers for FP32 and INT64,
	 * strings for BYTES (images as base64).
	 *
	 * @param name the tensor's name
	 * @param datatype {@code FP32}, {@code INT64} or {@code BYTES}
	 * @param shape the shape
	 * @param data the flattened data
	 */
	record Tensor(String name, String datatype, List<Long> shape, List<?> data) {

	}

}
