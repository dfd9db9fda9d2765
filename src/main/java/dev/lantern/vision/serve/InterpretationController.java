package dev.lantern.vision.serve;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.lantern.models.Inference;
import dev.lantern.models.ModelVersionInfo;
import dev.lantern.system.errors.NotFoundException;
import dev.lantern.vision.interpret.ConfusionMatrixImage;
import dev.lantern.vision.interpret.Interpretation;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Vision", description = "Image classification, augmentation previews and interpretation")
class InterpretationController {

	private final Inference inference;

	private final InterpretationOperation operation;

	InterpretationController(Inference inference, InterpretationOperation operation) {
		this.inference = inference;
		this.operation = operation;
	}

	@GetMapping(
			path = { "/api/v1/models/{name}/interpretation",
					"/api/v1/models/{name}/versions/{version}/interpretation" },
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(
			summary = "A vision model version on its validation set: confusion matrix, most confused pairs, top losses")
	Interpretation interpretation(@PathVariable String name, @PathVariable(required = false) Integer version) {
		return load(name, version);
	}

	@GetMapping(
			path = { "/api/v1/models/{name}/interpretation/confusion-matrix.png",
					"/api/v1/models/{name}/versions/{version}/interpretation/confusion-matrix.png" },
			produces = MediaType.IMAGE_PNG_VALUE)
	@Operation(summary = "A vision model version's confusion matrix on its validation set, as a PNG")
	byte[] confusionMatrix(@PathVariable String name, @PathVariable(required = false) Integer version) {
		return ConfusionMatrixImage.png(load(name, version));
	}

	private Interpretation load(String name, Integer version) {
		ModelVersionInfo info = this.inference.resolve(name, version, VisionModel.KIND);
		Interpretation interpretation = this.inference.run(name, info.version(), this.operation, Boolean.TRUE);
		if (interpretation == null) {
			throw new NotFoundException("Model '" + info.name() + "' version " + info.version()
					+ " has no interpretation: it was trained without a validation set")
				.with("reason", "the version was trained without a validation set");
		}
		return interpretation;
	}

}
