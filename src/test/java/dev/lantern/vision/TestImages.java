package dev.lantern.vision;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import dev.lantern.vision.image.DecodeSlots;
import dev.lantern.vision.image.ImageUploadProperties;
import dev.lantern.vision.image.ImageUploads;

/**
 * Small images for tests, written with javax.imageio.
 */
public final class TestImages {

	private TestImages() {
	}

	/**
	 * Upload limits for tests that build {@link ImageUploads} by hand: 8 images, 100
	 * megapixels of source and 10 of decoded pixels per request, 2 decodes at once.
	 */
	public static ImageUploadProperties uploadLimits() {
		return new ImageUploadProperties(8, 100_000_000, 10_000_000, 2, java.time.Duration.ofSeconds(1),
				java.time.Duration.ofSeconds(1));
	}

	/** The image decoding of a server with these limits. */
	public static ImageUploads uploads(VisionProperties properties, ImageUploadProperties limits) {
		return new ImageUploads(properties, limits, new DecodeSlots(limits));
	}

	/** An image filled with one colour. */
	public static BufferedImage solid(int width, int height, Color color) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setColor(color);
		g.fillRect(0, 0, width, height);
		g.dispose();
		return image;
	}

	/** An image whose every pixel differs: red grows with x, green with y. */
	public static BufferedImage gradient(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.setRGB(x, y, new Color(x * 255 / Math.max(1, width - 1), y * 255 / Math.max(1, height - 1),
						(x * 7 + y * 13) % 256)
					.getRGB());
			}
		}
		return image;
	}

	public static byte[] png(BufferedImage image) {
		return write(image, "png");
	}

	public static byte[] jpeg(BufferedImage image) {
		return write(image, "jpg");
	}

	/** A PNG whose header declares a huge image: a decompression bomb's signature. */
	public static byte[] pngDeclaring(int width, int height) {
		return rgbPng(width, height, new byte[] { 0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 });
	}

	/**
	 * A black RGB PNG of any size, written row by row without an image in memory: a 6000
	 * x 6000 one is about 105 KB (deflate shrinks the 108 MB of zero rows about
	 * 1000-fold), the probe's pixel flood.
	 */
	public static byte[] blackPng(int width, int height) {
		ByteArrayOutputStream idat = new ByteArrayOutputStream();
		byte[] row = new byte[1 + 3 * width];
		try (java.util.zip.DeflaterOutputStream deflate = new java.util.zip.DeflaterOutputStream(idat,
				new java.util.zip.Deflater(9), 64 * 1024)) {
			for (int y = 0; y < height; y++) {
				deflate.write(row);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return rgbPng(width, height, idat.toByteArray());
	}

	/**
	 * A PNG of 8-bit RGB pixels: the signature, a header declaring the size, one data
	 * chunk as given (deflated scanlines) and the end chunk.
	 */
	private static byte[] rgbPng(int width, int height, byte[] idat) {
		ByteBuffer ihdr = ByteBuffer.allocate(13)
			.putInt(width)
			.putInt(height)
			.put((byte) 8)
			.put((byte) 2)
			.put((byte) 0)
			.put((byte) 0)
			.put((byte) 0);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' });
		chunk(out, "IHDR", ihdr.array());
		chunk(out, "IDAT", idat);
		chunk(out, "IEND", new byte[0]);
		return out.toByteArray();
	}

	private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
		out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
		byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		out.writeBytes(typeBytes);
		out.writeBytes(data);
		CRC32 crc = new CRC32();
		crc.update(typeBytes);
		crc.update(data);
		out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

	private static byte[] write(BufferedImage image, String format) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ImageIO.write(image, format, out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
