package dev.lantern.vision.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Resizing, cropping and conversion of RGB images to CHW float arrays in [0, 1], the
 * layout of one sample of an NCHW batch.
 */
public final class ImageTensors {

	private ImageTensors() {
	}

	/**
	 * Scales an image so that its shorter side is {@code size} pixels (fastai's
	 * {@code ResizeMethod.CROP} before the crop), halving step by step when shrinking a
	 * lot so that no detail aliases.
	 */
	public static BufferedImage resizeShorterSide(BufferedImage image, int size) {
		int w = image.getWidth();
		int h = image.getHeight();
		double scale = (double) size / Math.min(w, h);
		int targetW = Math.max(size, (int) Math.round(w * scale));
		int targetH = Math.max(size, (int) Math.round(h * scale));
		if (targetW == w && targetH == h) {
			return image;
		}
		BufferedImage current = image;
		while (current.getWidth() / 2 >= targetW && current.getHeight() / 2 >= targetH) {
			current = scale(current, current.getWidth() / 2, current.getHeight() / 2);
		}
		return scale(current, targetW, targetH);
	}

	/** The centered square of side {@code size} of an image at least that large. */
	public static BufferedImage centerCrop(BufferedImage image, int size) {
		int x = (image.getWidth() - size) / 2;
		int y = (image.getHeight() - size) / 2;
		return image.getSubimage(x, y, size, size);
	}

	/**
	 * What a model of input side {@code size} sees of an image (fastai's validation
	 * transforms): the shorter side scaled to {@code size}, then the center square.
	 */
	public static BufferedImage centerSquare(BufferedImage image, int size) {
		return centerCrop(resizeShorterSide(image, size), size);
	}

	/** The validation view of an image ({@link #centerSquare}) as CHW values. */
	public static float[] centerView(BufferedImage image, int size) {
		return toChw(centerSquare(image, size));
	}

	/** The image's pixels as a CHW float array with values in [0, 1]. */
	public static float[] toChw(BufferedImage image) {
		int w = image.getWidth();
		int h = image.getHeight();
		int plane = w * h;
		int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
		float[] chw = new float[3 * plane];
		for (int i = 0; i < plane; i++) {
			int p = argb[i];
			chw[i] = ((p >> 16) & 0xFF) / 255f;
			chw[plane + i] = ((p >> 8) & 0xFF) / 255f;
			chw[2 * plane + i] = (p & 0xFF) / 255f;
		}
		return chw;
	}

	/** An RGB image of a CHW float array in [0, 1] (values outside are clipped). */
	public static BufferedImage toImage(float[] chw, int width, int height) {
		int plane = width * height;
		int[] argb = new int[plane];
		for (int i = 0; i < plane; i++) {
			argb[i] = (byte255(chw[i]) << 16) | (byte255(chw[plane + i]) << 8) | byte255(chw[2 * plane + i]);
		}
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		image.setRGB(0, 0, width, height, argb, 0, width);
		return image;
	}

	private static int byte255(float value) {
		return Math.max(0, Math.min(255, Math.round(value * 255f)));
	}

	private static BufferedImage scale(BufferedImage image, int width, int height) {
		BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = out.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
			g.drawImage(image, 0, 0, width, height, null);
		}
		finally {
			g.dispose();
		}
		return out;
	}

}
