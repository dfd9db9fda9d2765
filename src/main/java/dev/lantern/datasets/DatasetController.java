package dev.lantern.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.UnsupportedFormatException;

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
 * Uploads, lists and deletes datasets. An upload goes to the first
 * {@link DatasetImporter} that accepts its file name and content type; the request's
 * query parameters (except {@code name}) are that importer's options.
 */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Uploaded and generated training data")
class DatasetController {

	private final DatasetStore datasets;

	private final List<DatasetImporter> importers;

	DatasetController(DatasetStore datasets, List<DatasetImporter> importers) {
		this.datasets = datasets;
		this.importers = importers;
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Upload a dataset (CSV for tabular data, an archive of images), streamed to disk")
	ResponseEntity<Dataset> upload(@RequestPart("file") MultipartFile file,
			@RequestParam Map<String, String> parameters) throws IOException {
		if (file.isEmpty()) {
			throw InvalidInputException.field("file",
					"The uploaded file '" + file.getOriginalFilename() + "' is empty");
		}
		String filename = file.getOriginalFilename();
		DatasetImporter importer = this.importers.stream()
			.filter((candidate) -> candidate.accepts(filename, file.getContentType()))
			.findFirst()
			.orElseThrow(() -> new UnsupportedFormatException("No importer reads '" + filename + "' ("
					+ file.getContentType() + "); upload a .csv file or a .zip, .tar or .tar.gz archive of images"));
		Map<String, String> options = new LinkedHashMap<>(parameters);
		options.remove("columnOffset");
		options.remove("columnLimit");
		if (!options.containsKey("charset")) {
			Charset charset = CsvReader.charsetOf(file.getContentType());
			if (charset != null) {
				options.put("charset", charset.name());
			}
		}
		String name = options.remove("name");
		if (name == null || name.isBlank()) {
			name = (filename != null && !filename.isBlank()) ? filename : importer.kind();
		}
		Dataset dataset = this.datasets.create(name, importer.kind(), (directory) -> {
			try (InputStream content = file.getInputStream()) {
				return importer.importInto(directory, filename, content, options);
			}
		});
		return ResponseEntity.created(URI.create("/api/v1/datasets/" + dataset.id()))
			.body(ProfilePage.of(dataset, 0, ProfilePage.DEFAULT_LIMIT));
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List the datasets, newest first")
	List<DatasetStore.DatasetSummary> list() {
		return this.datasets.list();
	}

	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A dataset with its report; a tabular dataset's column profile comes in pages of columns")
	Dataset get(@PathVariable String id,
			@Parameter(description = "The first column of the profile page, from 0") @RequestParam(
					defaultValue = "0") @Min(0) @Max(Integer.MAX_VALUE) int columnOffset,
			@Parameter(description = "How many columns of the profile, 1 to " + ProfilePage.MAX_LIMIT) @RequestParam(
					defaultValue = ""
							+ ProfilePage.DEFAULT_LIMIT) @Min(1) @Max(ProfilePage.MAX_LIMIT) int columnLimit) {
		return ProfilePage.of(this.datasets.get(id), columnOffset, columnLimit);
	}

	@DeleteMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Delete a dataset and its files")
	ResponseEntity<Void> delete(@PathVariable String id) throws IOException {
		this.datasets.delete(id);
		return ResponseEntity.noContent().build();
	}

}
