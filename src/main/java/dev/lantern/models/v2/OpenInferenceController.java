package dev.lantern.models.v2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import dev.lantern.models.ModelVersionInfo;
import dev.lantern.models.OpenInferenceAdapter;
import dev.lantern.models.OpenInferenceAdapter.Tensor;
import dev.lantern.models.registry.ModelRegistry;
import dev.lantern.models.runtime.InferenceRuntime;
import dev.lantern.system.errors.InvalidInputException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The KServe V2 / Open Inference Protocol (REST): health, server and model metadata,
 * model readiness and inference, delegating to the model kind's
 * {@link OpenInferenceAdapter}. Errors are problem+json bodies that also carry the
 * protocol's {@code error} member (see {@link OpenInferenceErrors}).
 */
@RestController
@RequestMapping(path = "/v2", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Open Inference Protocol", description = "KServe V2 inference protocol")
class OpenInferenceController {

	private final InferenceRuntime runtime;

	private final OpenInferenceAdapters adapters;

	private final ModelRegistry registry;

	private final ApplicationAvailability availability;

	private final String serverVersion;

	OpenInferenceController(InferenceRuntime runtime, OpenInferenceAdapters adapters, ModelRegistry registry,
			ApplicationAvailability availability, ObjectProvider<BuildProperties> build) {
		this.runtime = runtime;
		this.adapters = adapters;
		this.registry = registry;
		this.availability = availability;
		BuildProperties properties = build.getIfAvailable();
		this.serverVersion = (properties != null) ? properties.getVersion() : "unknown";
	}

	@GetMapping
	@Operation(summary = "Server metadata")
	Map<String, Object> server() {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("name", "lantern");
		metadata.put("version", this.serverVersion);
		metadata.put("extensions", List.of());
		return metadata;
	}

	@GetMapping("/health/live")
	@Operation(summary = "Whether the server is live")
	Map<String, Object> live() {
		return Map.of("live", true);
	}

	@GetMapping("/health/ready")
	@Operation(summary = "Whether the server is ready for inference requests")
	ResponseEntity<Map<String, Object>> ready() {
		boolean ready = this.availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC
				&& this.runtime.isRunning();
		return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
			.body(Map.of("ready", ready));
	}

	@GetMapping("/models/{name}")
	@Operation(summary = "Metadata of a model's default version")
	ModelMetadata model(@PathVariable String name) {
		return metadata(this.runtime.resolve(name, null));
	}

	@GetMapping("/models/{name}/versions/{version}")
	@Operation(summary = "Metadata of a model version")
	ModelMetadata model(@PathVariable String name, @PathVariable String version) {
		return metadata(this.runtime.resolve(name, number(version)));
	}

	@GetMapping("/models/{name}/ready")
	@Operation(summary = "Whether a model's default version is ready; loads it if needed")
	Map<String, Object> modelReady(@PathVariable String name) {
		return ready(this.runtime.resolve(name, null));
	}

	@GetMapping("/models/{name}/versions/{version}/ready")
	@Operation(summary = "Whether a model version is ready; loads it if needed")
	Map<String, Object> modelReady(@PathVariable String name, @PathVariable String version) {
		return ready(this.runtime.resolve(name, number(version)));
	}

	@PostMapping(path = "/models/{name}/infer", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Run inference on a model's default version")
	InferResponse infer(@PathVariable String name, @Valid @RequestBody InferRequest request) {
		return infer(this.runtime.resolve(name, null), request);
	}

	@PostMapping(path = "/models/{name}/versions/{version}/infer", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Run inference on a model version")
	InferResponse infer(@PathVariable String name, @PathVariable String version,
			@Valid @RequestBody InferRequest request) {
		return infer(this.runtime.resolve(name, number(version)), request);
	}

	private ModelMetadata metadata(ModelVersionInfo info) {
		OpenInferenceAdapter adapter = this.adapters.get(info.kind());
		List<String> versions = this.registry.find(info.name())
			.stream()
			.map((version) -> Integer.toString(version.version()))
			.toList();
		return new ModelMetadata(info.name(), versions, "deeplearning4j_" + info.kind(), adapter.inputs(info),
				adapter.outputs(info));
	}

	private Map<String, Object> ready(ModelVersionInfo info) {
		this.runtime.load(info);
		return Map.of("name", info.name(), "version", Integer.toString(info.version()), "ready", true);
	}

	private InferResponse infer(ModelVersionInfo info, InferRequest request) {
		OpenInferenceAdapter adapter = this.adapters.get(info.kind());
		List<Tensor> inputs = request.inputs().stream().map(Tensors::decode).toList();
		List<Tensor> outputs = adapter.infer(info, inputs);
		outputs.forEach((output) -> Tensors.checkOutput(info, output));
		if (request.outputs() != null && !request.outputs().isEmpty()) {
			Set<String> available = outputs.stream().map(Tensor::name).collect(Collectors.toSet());
			Set<String> wanted = request.outputs()
				.stream()
				.map(InferRequest.RequestedOutput::name)
				.collect(Collectors.toSet());
			for (String name : wanted) {
				if (!available.contains(name)) {
					throw InvalidInputException.field("outputs",
							"Model '" + info.name() + "' has no output '" + name + "'; it has " + available);
				}
			}
			outputs = outputs.stream().filter((tensor) -> wanted.contains(tensor.name())).toList();
		}
		return new InferResponse(info.name(), Integer.toString(info.version()), request.id(), outputs);
	}

	private static Integer number(String version) {
		try {
			int number = Integer.parseInt(version);
			if (number >= 1) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// Refused below.
		}
		throw InvalidInputException.field("version", "A model version is a number from 1: '" + version + "'");
	}

}
