package dev.lantern.models.v2;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.lantern.models.OpenInferenceAdapter;

/**
 * An Open Inference Protocol inference response.
 *
 * @param modelName the model
 * @param modelVersion the version that ran
 * @param id the request's id
 * @param outputs the output tensors
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record InferResponse(@JsonProperty("model_name") String modelName, @JsonProperty("model_version") String modelVersion,
		String id, List<OpenInferenceAdapter.Tensor> outputs) {

}
