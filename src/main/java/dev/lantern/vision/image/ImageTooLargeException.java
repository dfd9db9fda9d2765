package dev.lantern.vision.image;

/**
 * An image declares more pixels than allowed: refused before its pixels are decoded, so a
 * small file cannot expand into gigabytes of memory (a decompression bomb).
 */
public class ImageTooLargeException extends Exception {

	private final long width;

	private final long height;

	public ImageTooLargeException(long width, long height, long maxPixels) {
		super("The image is " + width + " x " + height + " pixels, more than the " + maxPixels + " allowed");
		this.width = width;
		this.height = height;
	}

	public long width() {
		return this.width;
	}

	public long height() {
		return this.height;
	}

}
