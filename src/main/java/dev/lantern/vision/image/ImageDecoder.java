package dev.lantern.vision.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEG and PNG bytes into upright 8-bit RGB images. Grayscale and palette images
 * become RGB, transparent pixels are composed over white, and a JPEG's EXIF orientation
 * is applied. The pixel count is read from the header and checked before any pixel is
 * decoded.
 */
public final class ImageDecoder {

	private final long maxPixels;

	/**
	 * @param maxPixels the most pixels (width x height) an image may declare
	 */
	public ImageDecoder(long maxPixels) {
		this.maxPixels = maxPixels;
	}

	/** The largest number of pixels accepted. */
	public long maxPixels() {
		return this.maxPixels;
	}

	/**
	 * Decodes an image.
	 * @throws ImageTooLargeException when the header declares more pixels than allowed
	 * @throws ImageDecodingException when the data is not a readable JPEG or PNG
	 */
	public BufferedImage decode(byte[] data) {
		BufferedImage decoded;
		try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
			Iterator<ImageReader> readers = (in != null) ? ImageIO.getImageReaders(in) : null;
			if (readers == null || !readers.hasNext()) {
				throw new ImageDecodingException("not a JPEG or PNG image");
			}
			ImageReader reader = readers.next();
			String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
			if (!format.equals("jpeg") && !format.equals("png")) {
				reader.dispose();
				throw new ImageDecodingException("a " + format + " image; only JPEG and PNG are read");
			}
			try {
				reader.setInput(in, true, true);
				long width = reader.getWidth(0);
				long height = reader.getHeight(0);
				if (width <= 0 || height <= 0) {
					throw new ImageDecodingException("the image has no pixels");
				}
				if (width * height > this.maxPixels) {
					throw new ImageTooLargeException(width, height, this.maxPixels);
				}
				decoded = reader.read(0);
			}
			finally {
				reader.dispose();
			}
		}
		catch (ImageDecodingException | ImageTooLargeException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw new ImageDecodingException("damaged or unsupported image data (" + reason(ex) + ")", ex);
		}
		return ExifOrientation.apply(toRgb(decoded), ExifOrientation.read(data));
	}

	/** Copies an image of any type into 8-bit RGB, composing transparency over white. */
	public static BufferedImage toRgb(BufferedImage image) {
		if (image.getType() == BufferedImage.TYPE_INT_RGB) {
			return image;
		}
		BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
		Graphics2D g = rgb.createGraphics();
		try {
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, image.getWidth(), image.getHeight());
			g.drawImage(image, 0, 0, null);
		}
		finally {
			g.dispose();
		}
		return rgb;
	}

	private static String reason(Exception ex) {
		String message = ex.getMessage();
		return (message == null || message.isBlank()) ? "unreadable" : message;
	}

}
