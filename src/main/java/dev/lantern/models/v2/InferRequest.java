package dev.lantern.models.v2;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * An Open Inference Protocol inference request.
 *
 * @param id an id echoed in the response
 * @param parameters request parameters (not used)
 * @param inputs the input tensors
 * @param outputs the outputs wanted; all when absent
 */
record InferRequest(String id, Map<String, Object> parameters, @NotEmpty List<@Valid Input> inputs,
		List<@Valid RequestedOutput> outputs) {

	/**
	 * An input tensor.
	 *
	 * @param name its name
	 * @param shape its shape
	 * @param datatype {@code FP32}, {@code INT64} or {@code BYTES}
	 * @param parameters tensor parameters (not used)
	 * @param data its elements, flat or nested in row-major order
	 */
	record Input(@NotBlank String name, @NotNull List<Long> shape, @NotBlank String datatype,
			Map<String, Object> parameters, @NotNull Object data) {

	}

	/**
	 * An output asked for.
	 *
	 * @param name its name
	 * @param parameters output parameters (not used)
	 */
	record RequestedOutput(@NotBlank String name, Map<String, Object> parameters) {

	}

}
