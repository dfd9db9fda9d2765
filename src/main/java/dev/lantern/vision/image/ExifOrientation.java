package dev.lantern.vision.image;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;

/**
 * Reads the EXIF orientation tag (0x0112) of a JPEG and turns the image upright, as
 * cameras expect viewers to do. Only the few bytes of the APP1 segment are parsed.
 */
final class ExifOrientation {

	private ExifOrientation() {
	}

	/** The orientation, 1 (upright) to 8; 1 when the data has none. */
	static int read(byte[] data) {
		if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != 0xD8) {
			return 1;
		}
		int pos = 2;
		while (pos + 4 <= data.length) {
			if ((data[pos] & 0xFF) != 0xFF) {
				return 1;
			}
			int marker = data[pos + 1] & 0xFF;
			if (marker == 0xDA || marker == 0xD9) {
				return 1;
			}
			int length = u16(data, pos + 2, true);
			if (length < 2) {
				return 1;
			}
			if (marker == 0xE1 && pos + 10 <= data.length && data[pos + 4] == 'E' && data[pos + 5] == 'x'
					&& data[pos + 6] == 'i' && data[pos + 7] == 'f') {
				return fromTiff(data, pos + 10, Math.min(data.length, pos + 2 + length));
			}
			pos += 2 + length;
		}
		return 1;
	}

	private static int fromTiff(byte[] data, int tiff, int end) {
		if (tiff + 8 > end) {
			return 1;
		}
		boolean bigEndian = data[tiff] == 'M';
		long ifd = u32(data, tiff + 4, bigEndian);
		int entries = tiff + (int) ifd;
		if (ifd < 8 || entries + 2 > end) {
			return 1;
		}
		int count = u16(data, entries, bigEndian);
		for (int i = 0; i < count; i++) {
			int entry = entries + 2 + i * 12;
			if (entry + 12 > end) {
				return 1;
			}
			if (u16(data, entry, bigEndian) == 0x0112) {
				int value = u16(data, entry + 8, bigEndian);
				return (value >= 1 && value <= 8) ? value : 1;
			}
		}
		return 1;
	}

	/** Turns an image with this orientation upright. */
	static BufferedImage apply(BufferedImage image, int orientation) {
		if (orientation <= 1 || orientation > 8) {
			return image;
		}
		int w = image.getWidth();
		int h = image.getHeight();
		AffineTransform t = new AffineTransform();
		switch (orientation) {
			case 2 -> t.setTransform(-1, 0, 0, 1, w, 0);
			case 3 -> t.setTransform(-1, 0, 0, -1, w, h);
			case 4 -> t.setTransform(1, 0, 0, -1, 0, h);
			case 5 -> t.setTransform(0, 1, 1, 0, 0, 0);
			case 6 -> t.setTransform(0, 1, -1, 0, h, 0);
			case 7 -> t.setTransform(0, -1, -1, 0, h, w);
			default -> t.setTransform(0, -1, 1, 0, 0, w);
		}
		boolean swap = orientation >= 5;
		BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
		new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(image, out);
		return out;
	}

	private static int u16(byte[] data, int pos, boolean bigEndian) {
		int a = data[pos] & 0xFF;
		int b = data[pos + 1] & 0xFF;
		return bigEndian ? (a << 8) | b : (b << 8) | a;
	}

	private static long u32(byte[] data, int pos, boolean bigEndian) {
		long hi = u16(data, bigEndian ? pos : pos + 2, bigEndian);
		long lo = u16(data, bigEndian ? pos + 2 : pos, bigEndian);
		return (hi << 16) | lo;
	}

}
