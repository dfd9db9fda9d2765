package dev.lantern.vision.image;

import java.awt.image.BufferedImage;

import dev.lantern.system.errors.InvalidInputException;
import dev.lantern.system.errors.TooLargeException;
import dev.lantern.vision.VisionProperties;

import org.springframework.stereotype.Component;

/**
 * Decodes images sent to the API within the configured limits, refusing each bad one with
 * an exception that names the file ({@code file} in the problem).
 */
@Component
public class ImageUploads {

	private final VisionProperties properties;

	private final ImageDecoder decoder;

	public ImageUploads(VisionProperties properties) {
		this.properties = properties;
		this.decoder = new ImageDecoder(properties.maxImagePixels());
	}

	/**
	 * The name an uploaded file answers under: the file name the client sent or, when it
	 * sent none, the request part's name.
	 * @param fileName the client's file name, or null or blank
	 * @param partName the request part's name
	 */
	public static String nameOf(String fileName, String partName) {
		return (fileName != null && !fileName.isBlank()) ? fileName : partName;
	}

	/**
	 * Decodes one uploaded file, named as {@link #nameOf} says.
	 * @param fileName the client's file name, or null or blank
	 * @param partName the request part's name
	 * @param data the file's bytes
	 * @throws TooLargeException when the file or its pixel count is over the limit
	 * @throws InvalidInputException when it is empty or not a readable JPEG or PNG
	 */
	public BufferedImage decode(String fileName, String partName, byte[] data) {
		return decode(nameOf(fileName, partName), data);
	}

	/**
	 * Decodes one uploaded image.
	 * @param name the file's name, or the request part's name, for messages
	 * @param data the image's bytes
	 * @throws TooLargeException when the file or its pixel count is over the limit
	 * @throws InvalidInputException when it is empty or not a readable JPEG or PNG
	 */
	public BufferedImage decode(String name, byte[] data) {
		if (data.length > this.properties.maxImageBytes().toBytes()) {
			throw new TooLargeException("'" + name + "' is larger than " + this.properties.maxImageBytes().toMegabytes()
					+ " MB (lantern.vision.max-image-bytes)")
				.with("file", name);
		}
		if (data.length == 0) {
			throw new InvalidInputException("'" + name + "' is empty").with("file", name);
		}
		try {
			return this.decoder.decode(data);
		}
		catch (ImageTooLargeException ex) {
			throw new TooLargeException("'" + name + "' is " + ex.width() + " x " + ex.height()
					+ " pixels, more than the " + ex.maxPixels() + " allowed (lantern.vision.max-image-pixels)")
				.with("file", name);
		}
		catch (ImageDecodingException ex) {
			throw new InvalidInputException("'" + name + "' cannot be read: " + ex.reason(), ex).with("file", name);
		}
	}

}
