package dev.lantern.vision;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and threads of the image pipeline (what one request may decode is in
 * {@code lantern.vision.uploads},
 * {@link dev.lantern.vision.image.ImageUploadProperties}).
 *
 * @param maxArchiveEntries the most entries an uploaded image archive may hold; more is
 * refused with 413
 * @param maxArchiveBytes the most bytes an archive may expand to, counted while
 * extracting (not trusted from headers); more is refused with 413 (zip bombs)
 * @param maxImageBytes the largest single file inside an archive or a classify request
 * @param maxImagePixels the most pixels (width x height) an image may declare; a larger
 * one is refused before decoding (pixel bombs)
 * @param decodeThreads background threads that decode and augment training images
 * @param prefetchBatches how many batches the decoding threads may prepare ahead of the
 * trainer
 * @param maxAugmentationViews the most views an augmentation grid may show
 */
@ConfigurationProperties("lantern.vision")
@Validated
public record VisionProperties(@Min(1) int maxArchiveEntries, @NotNull DataSize maxArchiveBytes,
		@NotNull DataSize maxImageBytes, @Min(1) long maxImagePixels, @Min(1) @Max(64) int decodeThreads,
		@Min(1) @Max(64) int prefetchBatches, @Min(1) @Max(64) int maxAugmentationViews) {

}
