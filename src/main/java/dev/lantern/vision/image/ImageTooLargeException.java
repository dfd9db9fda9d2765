package dev.lantern.vision.image;

import dev.lantern.system.errors.TooLargeException;

/**
 * An image declares more pixels than allowed: refused before its pixels are decoded, so a
 * small file cannot expand into gigabytes of memory (a decompression bomb).
 */
public class ImageTooLargeException extends TooLargeException {

	private final long width;

	private final long height;

	private final long maxPixels;

	public ImageTooLargeException(long width, long height, long maxPixels) {
		super("The image is " + width + " x " + height + " pixels, more than the " + maxPixels
				+ " allowed (lantern.vision.max-image-pixels)");
		this.width = width;
		this.height = height;
		this.maxPixels = maxPixels;
	}

	public long width() {
		return this.width;
	}

	public long height() {
		return this.height;
	}

	/** The most pixels allowed. */
	public long maxPixels() {
		return this.maxPixels;
	}

}
