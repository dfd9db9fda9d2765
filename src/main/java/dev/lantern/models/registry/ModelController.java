package dev.lantern.models.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import dev.lantern.models.ModelVersionInfo;
import dev.lantern.system.errors.InvalidInputException;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The model registry's API: models, versions, the default version, archives.
 */
@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Registered models, their versions and archives")
class ModelController {

	private final ModelRegistry registry;

	private final ModelArchives archives;

	ModelController(ModelRegistry registry, ModelArchives archives) {
		this.registry = registry;
		this.archives = archives;
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List the models with their default version")
	List<ModelSummary> list() {
		return this.registry.list();
	}

	@GetMapping(path = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Get a model with all its versions")
	ModelDetails get(@PathVariable String name) {
		return this.registry.get(name);
	}

	@GetMapping(path = "/{name}/versions/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Get one version of a model")
	ModelVersionInfo version(@PathVariable String name, @PathVariable int version) {
		return this.registry.version(name, version);
	}

	@PutMapping(path = "/{name}/default-version", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Make a version the model's default; every replica serves it within the metadata TTL")
	ModelDetails setDefault(@PathVariable String name, @Valid @RequestBody DefaultVersion body) {
		return this.registry.setDefault(name, body.version());
	}

	@DeleteMapping(path = "/{name}/versions/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Delete a version; the default version only with force=true")
	ResponseEntity<Void> delete(@PathVariable String name, @PathVariable int version,
			@Parameter(description = "Delete even the default version; the newest remaining version becomes the "
					+ "default") @RequestParam(defaultValue = "false") boolean force) {
		this.registry.delete(name, version, force);
		return ResponseEntity.noContent().build();
	}

	@GetMapping(path = "/{name}/versions/{version}/archive", produces = "application/zip")
	@Operation(summary = "Download a version as one zip archive (manifest.json and files/)")
	ResponseEntity<StreamingResponseBody> download(@PathVariable String name, @PathVariable int version) {
		ModelVersionInfo info = this.registry.version(name, version);
		String filename = name + "-v" + version + ".zip";
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/zip"))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(filename).build().toString())
			.body((out) -> this.archives.export(info, out));
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Import a model archive as a new version; it must load before it is registered")
	ResponseEntity<ModelVersionInfo> importArchive(
			@Parameter(description = "A zip made by the archive download") @RequestPart("file") MultipartFile file,
			@Parameter(description = "Register under this name instead of the manifest's") @RequestParam(
					required = false) String name)
			throws IOException {
		if (file.isEmpty()) {
			throw InvalidInputException.field("file", "The uploaded archive is empty");
		}
		ModelVersionInfo info;
		try (InputStream in = file.getInputStream()) {
			info = this.archives.importArchive(in, name);
		}
		return ResponseEntity.created(URI.create("/api/v1/models/" + info.name() + "/versions/" + info.version()))
			.body(info);
	}

	/**
	 * The body of {@code PUT /api/v1/models/{name}/default-version}.
	 *
	 * @param version the version to serve by default
	 */
	record DefaultVersion(@NotNull @Min(1) Integer version) {

	}

}
