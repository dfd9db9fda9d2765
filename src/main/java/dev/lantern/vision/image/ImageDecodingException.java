package dev.lantern.vision.image;

/**
 * An image could not be decoded: not an image, a format without a reader, or damaged
 * data. The message is a reason a person can act on.
 */
public class ImageDecodingException extends Exception {

	public ImageDecodingException(String message) {
		super(message);
	}

	public ImageDecodingException(String message, Throwable cause) {
		super(message, cause);
	}

}
