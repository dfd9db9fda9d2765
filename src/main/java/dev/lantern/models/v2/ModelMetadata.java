package dev.lantern.models.v2;

import java.util.List;

import dev.lantern.models.OpenInferenceAdapter;

/**
 * Open Inference Protocol model metadata.
 *
 * @param name the model
 * @param versions the versions this metadata covers (the one asked for, or the default)
 * @param platform the framework, {@code deeplearning4j_<kind>}
 * @param inputs the input tensors it takes
 * @param outputs the output tensors it produces
 */
record ModelMetadata(String name, List<String> versions, String platform, List<OpenInferenceAdapter.TensorSpec> inputs,
		List<OpenInferenceAdapter.TensorSpec> outputs) {

}
