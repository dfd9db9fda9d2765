package dev.lantern.vision.image;

import java.awt.image.BufferedImage;

import dev.lantern.system.web.ProblemException;
import dev.lantern.vision.VisionProperties;

import org.springframework.stereotype.Component;

/**
 * Decodes images sent to the API, turning every failure into a problem that names the
 * file.
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
	 * Decodes one uploaded image.
	 * @param name the file's name, or the request part's name, for messages
	 * @throws ProblemException 413 when too large, 400 when not a readable image
	 */
	public BufferedImage decode(String name, byte[] data) {
		if (data.length > this.properties.maxImageBytes().toBytes()) {
			throw ProblemException
				.payloadTooLarge("'" + name + "' is larger than " + this.properties.maxImageBytes().toMegabytes()
						+ " MB (lantern.vision.max-image-bytes)")
				.with("file", name);
		}
		if (data.length == 0) {
			throw ProblemException.badRequest("'" + name + "' is empty").with("file", name);
		}
		try {
			return this.decoder.decode(data);
		}
		catch (ImageTooLargeException ex) {
			throw ProblemException
				.payloadTooLarge("'" + name + "' is " + ex.width() + " x " + ex.height() + " pixels, more than the "
						+ this.properties.maxImagePixels() + " allowed (lantern.vision.max-image-pixels)")
				.with("file", name);
		}
		catch (ImageDecodingException ex) {
			throw ProblemException.badRequest("'" + name + "' cannot be read: " + ex.getMessage()).with("file", name);
		}
	}

}
