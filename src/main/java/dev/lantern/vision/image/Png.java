package dev.lantern.vision.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/**
 * PNG encoding, in one place for every image Lantern draws (heatmap overlays, filtered
 * images, augmentation grids, confusion matrices).
 */
public final class Png {

	private Png() {
	}

	/** The image as PNG bytes. */
	public static byte[] encode(BufferedImage image) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			if (!ImageIO.write(image, "png", out)) {
				throw new IllegalStateException("No PNG writer for an image of type " + image.getType());
			}
		}
		catch (IOException ex) {
			// A ByteArrayOutputStream does not fail; ImageIO declares it anyway.
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
