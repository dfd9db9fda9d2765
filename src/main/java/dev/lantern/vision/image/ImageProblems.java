package dev.lantern.vision.image;

/**
 * What the OpenAPI document says of the problems every endpoint that takes images may
 * answer besides a 400 (annotation values are constants).
 */
public final class ImageProblems {

	/** The description of the 413. */
	public static final String TOO_LARGE = "More images, bytes or pixels than a lantern.vision limit allows "
			+ "(max-image-bytes, max-image-pixels, uploads.max-images, uploads.max-request-source-pixels, "
			+ "uploads.max-request-decoded-pixels): the problem names the limit and the file";

	/** The description of the 429. */
	public static final String BUSY = "Every image decoding slot (lantern.vision.uploads.max-concurrent-decodes) "
			+ "stayed busy for lantern.vision.uploads.decode-wait: try again after Retry-After seconds";

	private ImageProblems() {
	}

}
