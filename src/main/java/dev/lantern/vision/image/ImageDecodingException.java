package dev.lantern.vision.image;

import dev.lantern.system.errors.InvalidInputException;

/**
 * An image could not be decoded: not an image, a format without a reader, or damaged
 * data. {@link #reason()} says why in words a person can act on; callers that know the
 * file's name put it in front.
 */
public class ImageDecodingException extends InvalidInputException {

	private final String reason;

	public ImageDecodingException(String reason) {
		this(reason, null);
	}

	public ImageDecodingException(String reason, Throwable cause) {
		super("The image cannot be read: " + reason, cause);
		this.reason = reason;
	}

	/** Why, without the file's name: {@code not a JPEG or PNG image}. */
	public String reason() {
		return this.reason;
	}

}
