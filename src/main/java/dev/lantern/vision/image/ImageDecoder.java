package dev.lantern.vision.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEG and PNG bytes into upright 8-bit RGB images. Grayscale and palette images
 * become RGB, transparent pixels are composed over white, and a JPEG's EXIF orientation
 * is applied. The pixel count is read from the header and checked before any pixel is
 * decoded, and a large image can be decoded near the size it is needed at (source
 * subsampling), so a 6000 x 6000 PNG never becomes a full-size image when a model needs
 * 224 pixels.
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
	 * Decodes an image at full size.
	 * @throws ImageTooLargeException when the header declares more pixels than allowed
	 * @throws ImageDecodingException when the data is not a readable JPEG or PNG
	 */
	public BufferedImage decode(byte[] data) {
		return decode(data, 1);
	}

	/**
	 * Decodes an image keeping every {@code subsampling}-th pixel of every
	 * {@code subsampling}-th row (ImageIO's source subsampling): the decoder still reads
	 * all the data, but never holds more than the kept pixels.
	 * @param subsampling 1 for every pixel, as {@link #subsampling} chooses it
	 * @throws ImageTooLargeException when the header declares more pixels than allowed
	 * @throws ImageDecodingException when the data is not a readable JPEG or PNG
	 */
	public BufferedImage decode(byte[] data, int subsampling) {
		if (subsampling < 1) {
			throw new IllegalArgumentException("subsampling must be at least 1, not " + subsampling);
		}
		BufferedImage decoded = read(data, (reader, header) -> {
			ImageReadParam param = reader.getDefaultReadParam();
			if (subsampling > 1) {
				param.setSourceSubsampling(subsampling, subsampling, 0, 0);
			}
			return reader.read(0, param);
		});
		return ExifOrientation.apply(toRgb(decoded), ExifOrientation.read(data));
	}

	/**
	 * The image's format and size from its header, without decoding a pixel.
	 * @throws ImageTooLargeException when the header declares more pixels than allowed
	 * @throws ImageDecodingException when the data is not a JPEG or PNG with a readable
	 * header
	 */
	public ImageHeader header(byte[] data) {
		return read(data, (reader, header) -> header);
	}

	/**
	 * The largest source subsampling that keeps the image's shorter side at least
	 * {@code minSide} pixels: 1 (every pixel) when the image is not larger than that.
	 */
	public static int subsampling(long width, long height, int minSide) {
		long shorter = Math.min(width, height);
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, shorter / Math.max(1, minSide)));
	}

	/** How many pixels a decode with this subsampling keeps. */
	public static long keptPixels(long width, long height, int subsampling) {
		return ceilDiv(width, subsampling) * ceilDiv(height, subsampling);
	}

	private static long ceilDiv(long value, long divisor) {
		return (value + divisor - 1) / divisor;
	}

	private <T> T read(byte[] data, Step<T> step) {
		try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
			Iterator<ImageReader> readers = (in != null) ? ImageIO.getImageReaders(in) : null;
			if (readers == null || !readers.hasNext()) {
				throw new ImageDecodingException("not a JPEG or PNG image");
			}
			ImageReader reader = readers.next();
			String format = reader.getFormatName().toLowerCase(Locale.ROOT);
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
				return step.apply(reader, new ImageHeader(format, width, height));
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
	}

	/** What to do with a reader whose header has been checked. */
	@FunctionalInterface
	private interface Step<T> {

		T apply(ImageReader reader, ImageHeader header) throws IOException;

	}

	/**
	 * An image's header.
	 *
	 * @param format {@code jpeg} or {@code png}
	 * @param width its width in pixels, before any EXIF rotation
	 * @param height its height in pixels
	 */
	public record ImageHeader(String format, long width, long height) {

		/** Width x height. */
		public long pixels() {
			return this.width * this.height;
		}

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
