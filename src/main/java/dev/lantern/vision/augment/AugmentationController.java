package dev.lantern.vision.augment;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.vision.Finite;
import dev.lantern.vision.VisionProperties;
import dev.lantern.vision.image.ImageUploads;

import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Shows what the training transforms do to an image. Every transform parameter defaults
 * to fastai's {@code get_transforms()}.
 */
@RestController
@Validated
@Tag(name = "Vision", description = "Image classification, augmentation previews and interpretation")
class AugmentationController {

	private final ImageUploads uploads;

	private final VisionProperties properties;

	AugmentationController(ImageUploads uploads, VisionProperties properties) {
		this.uploads = uploads;
		this.properties = properties;
	}

	@PostMapping(path = "/api/v1/vision/augmentations", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = MediaType.IMAGE_PNG_VALUE)
	@Operation(summary = "A PNG grid of randomly augmented views of an uploaded image (fastai get_transforms)")
	byte[] augmentations(@RequestPart("file") MultipartFile file,
			@RequestParam(defaultValue = "224") @Min(16) @Max(1024) int size,
			@RequestParam(defaultValue = "8") @Min(1) int views,
			@RequestParam(defaultValue = "4") @Min(1) @Max(16) int columns,
			@RequestParam(defaultValue = "42") long seed, @RequestParam(defaultValue = "true") boolean doFlip,
			@RequestParam(defaultValue = "false") boolean flipVert,
			@RequestParam(defaultValue = "10") @Finite @DecimalMin("0") @DecimalMax("180") double maxRotate,
			@RequestParam(defaultValue = "1.1") @Finite @DecimalMin("1") @DecimalMax("4") double maxZoom,
			@RequestParam(defaultValue = "0.2") @Finite @DecimalMin("0") @DecimalMax("0.99") double maxLighting,
			@RequestParam(defaultValue = "0.2") @Finite @DecimalMin("0") @DecimalMax("0.9") double maxWarp,
			@RequestParam(defaultValue = "0.75") @Finite @DecimalMin("0") @DecimalMax("1") double pAffine,
			@RequestParam(defaultValue = "0.75") @Finite @DecimalMin("0") @DecimalMax("1") double pLighting,
			@RequestParam(defaultValue = "reflection") String padding) throws IOException {
		if (views > this.properties.maxAugmentationViews()) {
			throw InvalidInputException.field("views", "'views' must be at most "
					+ this.properties.maxAugmentationViews() + " (lantern.vision.max-augmentation-views)");
		}
		var image = this.uploads.decode(file.getOriginalFilename(), file.getName(), file.getBytes(),
				ImageUploads.sideForModel(size));
		TransformSettings settings = new TransformSettings(doFlip, flipVert, maxRotate, maxZoom, maxLighting, maxWarp,
				pAffine, pLighting, PaddingMode.parse("padding", padding));
		return AugmentationGrid.png(image, new Augmenter(settings), size, views, Math.min(columns, views), seed);
	}

}
