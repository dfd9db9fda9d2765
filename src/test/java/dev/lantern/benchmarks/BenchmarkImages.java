package dev.lantern.benchmarks;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

import javax.imageio.ImageIO;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The classify path of the benchmark: decode a JPEG, resize the shorter side to the
 * target and crop the centre (torchvision's Resize + CenterCrop, bilinear), scale to [0,
 * 1] and normalize with ImageNet's statistics, NCHW.
 */
final class BenchmarkImages {

	private static final float[] MEAN = { 0.485f, 0.456f, 0.406f };

	private static final float[] STD = { 0.229f, 0.224f, 0.225f };

	private BenchmarkImages() {
	}

	/** A 1024x768 JPEG of smooth colour gradients with noise, like a photo to a codec. */
	static byte[] sampleJpeg() {
		BufferedImage image = new BufferedImage(1024, 768, BufferedImage.TYPE_INT_RGB);
		Random random = new Random(42);
		for (int y = 0; y < 768; y++) {
			for (int x = 0; x < 1024; x++) {
				int r = clamp(x / 4 + random.nextInt(32));
				int g = clamp(y / 3 + random.nextInt(32));
				int b = clamp((x + y) / 7 + random.nextInt(32));
				image.setRGB(x, y, (r << 16) | (g << 8) | b);
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "jpg", out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/**
	 * A training batch of normally distributed images (seed 42) labelled
	 * {@code i % classes}.
	 */
	static DataSet randomTrainingBatch(int count, int size, int classes) {
		Nd4j.getRandom().setSeed(42);
		INDArray images = Nd4j.randn(DataType.FLOAT, count, 3, size, size);
		INDArray labels = Nd4j.zeros(DataType.FLOAT, count, classes);
		for (int i = 0; i < count; i++) {
			labels.putScalar(i, i % classes, 1);
		}
		return new DataSet(images, labels);
	}

	/** Decodes and prepares {@code count} copies of the JPEG as one batch. */
	static INDArray batch(byte[] jpeg, int count, int size) {
		float[] data = new float[count * 3 * size * size];
		for (int i = 0; i < count; i++) {
			fill(decode(jpeg), size, data, i * 3 * size * size);
		}
		return Nd4j.create(data, new long[] { count, 3, size, size }, DataType.FLOAT);
	}

	private static BufferedImage decode(byte[] jpeg) {
		try {
			return ImageIO.read(new ByteArrayInputStream(jpeg));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void fill(BufferedImage image, int size, float[] data, int offset) {
		double scale = (double) size / Math.min(image.getWidth(), image.getHeight());
		int width = (int) Math.round(image.getWidth() * scale);
		int height = (int) Math.round(image.getHeight() * scale);
		BufferedImage resized = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = resized.createGraphics();
		graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		graphics.drawImage(image, -(width - size) / 2, -(height - size) / 2, width, height, null);
		graphics.dispose();
		int[] pixels = resized.getRGB(0, 0, size, size, null, 0, size);
		int plane = size * size;
		for (int p = 0; p < plane; p++) {
			int rgb = pixels[p];
			data[offset + p] = (((rgb >> 16) & 0xff) / 255f - MEAN[0]) / STD[0];
			data[offset + plane + p] = (((rgb >> 8) & 0xff) / 255f - MEAN[1]) / STD[1];
			data[offset + 2 * plane + p] = ((rgb & 0xff) / 255f - MEAN[2]) / STD[2];
		}
	}

	private static int clamp(int value) {
		return Math.max(0, Math.min(255, value));
	}

}
