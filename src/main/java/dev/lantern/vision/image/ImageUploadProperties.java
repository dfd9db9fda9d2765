package dev.lantern.vision.image;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What one request may make the server decode, and how many decodes run at once. With
 * these, the memory an image request takes is bounded by configuration, not by what it
 * sends: about 4 bytes per decoded pixel are held until the model has run, up to 8 more
 * while one image decodes, and a progressive JPEG's decoder keeps about 3 bytes per
 * source pixel of native memory while it runs.
 *
 * @param maxImages the most images one request may carry (classify, KServe V2); the
 * heatmap, convolution and augmentation previews take one
 * @param maxRequestSourcePixels the most pixels (width x height, as the headers declare
 * them) the images of one request may hold together: every source pixel is decompressed,
 * so this bounds a request's decoding time
 * @param maxRequestDecodedPixels the most pixels the images of one request may hold
 * together once decoded near their target size (after source subsampling): this bounds a
 * request's memory
 * @param maxConcurrentDecodes the most images decoded at the same time across the server
 * @param decodeWait how long a request waits for a decoding slot before it is refused
 * with 429
 * @param retryAfter the {@code Retry-After} of that 429
 */
@ConfigurationProperties("lantern.vision.uploads")
@Validated
public record ImageUploadProperties(@Min(1) @Max(1024) int maxImages, @Min(1) long maxRequestSourcePixels,
		@Min(1) long maxRequestDecodedPixels, @Min(1) @Max(256) int maxConcurrentDecodes, @NotNull Duration decodeWait,
		@NotNull Duration retryAfter) {

}
