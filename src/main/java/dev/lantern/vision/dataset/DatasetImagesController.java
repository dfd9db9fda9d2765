package dev.lantern.vision.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.lantern.datasets.Dataset;
import dev.lantern.datasets.Datasets;
import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.NotFoundException;
import dev.lantern.vision.dataset.ImageManifest.Entry;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The images of an image dataset with their labels, for looking at the data as fastai's
 * {@code show_batch} does: a page of the manifest (optionally shuffled by a seed, or
 * filtered by label, split or original name) and each image's file.
 */
@RestController
@Validated
@Tag(name = "Datasets", description = "Uploaded and generated training data")
class DatasetImagesController {

	private final Datasets datasets;

	DatasetImagesController(Datasets datasets) {
		this.datasets = datasets;
	}

	@GetMapping(path = "/api/v1/datasets/{id}/images", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A page of an image dataset's images with their labels, in stored or seeded random order")
	DatasetImagePage list(@PathVariable String id,
			@Parameter(description = "Only images of this class") @RequestParam(required = false) @Size(
					max = 1000) String label,
			@Parameter(description = "Only images of this split: train or valid") @RequestParam(
					required = false) @Pattern(regexp = "train|valid") String split,
			@Parameter(description = "Only the image of this name in the upload (as interpretation's top losses "
					+ "name it)") @RequestParam(required = false) @Size(max = 4096) String source,
			@Parameter(
					description = "Shuffle with this seed before paging, as show_batch shows a random batch") @RequestParam(
							required = false) Long seed,
			@RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
			@RequestParam(defaultValue = "24") @Min(1) @Max(200) int size) throws IOException {
		List<DatasetImage> matching = new ArrayList<>();
		List<Entry> entries = manifest(id).entries();
		for (int index = 0; index < entries.size(); index++) {
			Entry entry = entries.get(index);
			String entrySplit = entry.split().name().toLowerCase(Locale.ROOT);
			if ((label == null || label.equals(entry.label())) && (split == null || split.equals(entrySplit))
					&& (source == null || source.equals(entry.source()))) {
				matching.add(new DatasetImage(index, entry.label(), entrySplit, entry.source()));
			}
		}
		if (seed != null) {
			Collections.shuffle(matching, new Random(seed));
		}
		int from = (int) Math.min((long) page * size, matching.size());
		int to = Math.min(from + size, matching.size());
		return new DatasetImagePage(List.copyOf(matching.subList(from, to)), page, size, matching.size());
	}

	@GetMapping(path = "/api/v1/datasets/{id}/images/{index}",
			produces = { MediaType.IMAGE_JPEG_VALUE, MediaType.IMAGE_PNG_VALUE })
	@Operation(summary = "One image of an image dataset, by its index in the listing, as stored (JPEG or PNG)")
	ResponseEntity<Resource> image(@PathVariable String id, @PathVariable @Min(0) @Max(Integer.MAX_VALUE) int index)
			throws IOException {
		Path directory = this.datasets.directory(id);
		List<Entry> entries = manifest(id).entries();
		if (index >= entries.size()) {
			throw new NotFoundException("image " + index + " of dataset '" + id + "' (it holds " + entries.size()
					+ " images, indexed from 0)");
		}
		Path file = directory.resolve(entries.get(index).path()).normalize();
		if (!file.startsWith(directory) || !Files.isRegularFile(file)) {
			throw new NotFoundException("image " + index + " of dataset '" + id + "' (its file is missing)");
		}
		return ResponseEntity.ok().contentType(mediaType(file)).body(new FileSystemResource(file));
	}

	private ImageManifest manifest(String id) throws IOException {
		Dataset dataset = this.datasets.get(id);
		if (!"images".equals(dataset.kind())) {
			throw InvalidInputException.field("id",
					"Dataset '" + id + "' is a " + dataset.kind() + " dataset; only image datasets have images");
		}
		return ImageManifest.read(this.datasets.directory(id));
	}

	/**
	 * PNG or JPEG by the file's first bytes (the importer accepts both under any name).
	 */
	private static MediaType mediaType(Path file) throws IOException {
		byte[] head = new byte[4];
		int read;
		try (InputStream in = Files.newInputStream(file)) {
			read = in.readNBytes(head, 0, head.length);
		}
		boolean png = read == 4 && head[0] == (byte) 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G';
		return png ? MediaType.IMAGE_PNG : MediaType.IMAGE_JPEG;
	}

	/**
	 * A page of images.
	 *
	 * @param items the images of this page
	 * @param page the page, from 0
	 * @param size the page size asked for
	 * @param total how many images match
	 */
	record DatasetImagePage(List<DatasetImage> items, int page, int size, int total) {

	}

	/**
	 * One image.
	 *
	 * @param index its index, for {@code GET /api/v1/datasets/{id}/images/{index}}
	 * @param label its class
	 * @param split {@code train} or {@code valid}
	 * @param source its name in the upload
	 */
	record DatasetImage(int index, String label, String split, String source) {

	}

}
