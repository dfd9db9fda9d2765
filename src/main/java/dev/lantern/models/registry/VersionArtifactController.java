package dev.lantern.models.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.NotFoundException;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A version's files one by one: the plots and series its training kept
 * ({@code training-losses.png}, {@code training-curves.json}, {@code lr-find.png}, ...)
 * next to the model's own files.
 */
@RestController
@RequestMapping("/api/v1/models/{name}/versions/{version}/artifacts")
@Tag(name = "Models")
class VersionArtifactController {

	private final ModelRegistry registry;

	VersionArtifactController(ModelRegistry registry) {
		this.registry = registry;
	}

	/**
	 * A file of a version.
	 *
	 * @param name the file name
	 * @param mediaType its media type, from its extension
	 * @param bytes its size
	 */
	record VersionArtifact(String name, String mediaType, long bytes) {

	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The files of a version (model, plots, series): name, media type, size")
	List<VersionArtifact> list(@PathVariable String name, @PathVariable int version) throws IOException {
		Path directory = directory(name, version);
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter(Files::isRegularFile)
				.map((file) -> file.getFileName().toString())
				.filter((file) -> ModelRegistry.FILE_NAME.matcher(file).matches())
				.sorted()
				.map((file) -> new VersionArtifact(file, mediaType(file).toString(), size(directory.resolve(file))))
				.toList();
		}
	}

	@GetMapping(path = "/{artifact}")
	@Operation(summary = "One file of a version, with its media type")
	ResponseEntity<Resource> get(@PathVariable String name, @PathVariable int version, @PathVariable String artifact) {
		if (!ModelRegistry.FILE_NAME.matcher(artifact).matches() || artifact.contains("..")) {
			throw InvalidInputException.field("artifact",
					"A file name is letters, digits, '.', '-' or '_', starting with a letter or digit");
		}
		Path file = directory(name, version).resolve(artifact);
		if (!Files.isRegularFile(file)) {
			throw new NotFoundException(
					"Version " + version + " of model '" + name + "' has no file named '" + artifact + "'");
		}
		return ResponseEntity.ok()
			.contentType(mediaType(artifact))
			.header("X-Content-Type-Options", "nosniff")
			.body(new FileSystemResource(file));
	}

	private Path directory(String name, int version) {
		this.registry.version(name, version);
		return this.registry.directory(name, version);
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	static MediaType mediaType(String file) {
		String lower = file.toLowerCase(Locale.ROOT);
		if (lower.endsWith(".png")) {
			return MediaType.IMAGE_PNG;
		}
		if (lower.endsWith(".json")) {
			return MediaType.APPLICATION_JSON;
		}
		if (lower.endsWith(".csv")) {
			return MediaType.parseMediaType("text/csv");
		}
		if (lower.endsWith(".zip")) {
			return MediaType.parseMediaType("application/zip");
		}
		return MediaType.APPLICATION_OCTET_STREAM;
	}

}
