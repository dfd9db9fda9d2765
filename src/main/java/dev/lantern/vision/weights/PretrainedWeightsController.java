package dev.lantern.vision.weights;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.lantern.system.errors.InvalidInputException;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Imports, lists and deletes pretrained weights (torchvision or timm ResNet checkpoints
 * and safetensors files).
 */
@RestController
@RequestMapping("/api/v1/pretrained")
@Tag(name = "Pretrained weights", description = "ImageNet weights from PyTorch checkpoints and safetensors files")
class PretrainedWeightsController {

	private static final String PROBLEM = "application/problem+json";

	private static final String PROBLEM_SCHEMA = "#/components/schemas/ProblemDetail";

	private final PretrainedWeightsStore weights;

	PretrainedWeightsController(PretrainedWeightsStore weights) {
		this.weights = weights;
	}

	@ApiResponse(responseCode = "201", description = "Imported",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = PretrainedWeightsInfo.class)))
	@ApiResponse(responseCode = "409", description = "The same file was imported already",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
	@ApiResponse(responseCode = "413", description = "The file is larger than a lantern.vision.weights limit allows",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
	@ApiResponse(responseCode = "415", description = "Neither a torch.save checkpoint nor a safetensors file",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "importPretrainedWeights",
			summary = "Import ResNet weights from a torch.save checkpoint or a safetensors file; "
					+ "validated completely before anything is stored")
	ResponseEntity<PretrainedWeightsInfo> importWeights(@Parameter(
			description = "A torchvision-named ResNet state dict: torch.save's zip format (.pth, .pt; also a training "
					+ "checkpoint with the state dict under 'state_dict' or 'model') or safetensors") @RequestPart("file") MultipartFile file,
			@Parameter(
					description = "resnet18, resnet34 or resnet50; taken from the tensor shapes when absent") @RequestParam(
							required = false) String architecture)
			throws IOException {
		if (file.isEmpty()) {
			throw InvalidInputException.field("file", "The uploaded file '"
					+ PretrainedWeightsStore.displayName(file.getOriginalFilename()) + "' is empty");
		}
		PretrainedWeightsInfo info;
		try (InputStream content = file.getInputStream()) {
			info = this.weights.importFile(content, file.getOriginalFilename(), architecture);
		}
		return ResponseEntity.created(URI.create("/api/v1/pretrained/" + info.id())).body(info);
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listPretrainedWeights", summary = "List the imported weights, newest first")
	List<PretrainedWeightsInfo> list() {
		return this.weights.list();
	}

	@ApiResponse(responseCode = "404", description = "No weights of that id",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getPretrainedWeights",
			summary = "Imported weights: architecture, format, file name, SHA-256, parameters")
	PretrainedWeightsInfo get(@PathVariable String id) {
		return this.weights.get(id);
	}

	@ApiResponse(responseCode = "404", description = "No weights of that id",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
	@ApiResponse(responseCode = "409", description = "A queued or running job names the weights",
			content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
	@DeleteMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "deletePretrainedWeights",
			summary = "Delete imported weights and their file (versions trained on them keep naming them)")
	ResponseEntity<Void> delete(@PathVariable String id) throws IOException {
		this.weights.delete(id);
		return ResponseEntity.noContent().build();
	}

}
