package dev.lantern.vision.heatmap;

import java.awt.image.BufferedImage;

import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Lesson 6's convolution by hand: one kernel applied to an image with ND4J's conv2d op
 * ({@code F.conv2d(t[None], k)} in the lesson), the result scaled to grey levels.
 */
public final class Convolution {

	/**
	 * Lesson 6's bottom-right edge kernel:
	 * {@code [[0,-5/3,1],[-5/3,-5/3,1],[1,1,1]] / 6}.
	 */
	public static final float[][] LESSON_EDGE_KERNEL = { { 0f, -5f / 18, 1f / 6 }, { -5f / 18, -5f / 18, 1f / 6 },
			{ 1f / 6, 1f / 6, 1f / 6 } };

	private Convolution() {
	}

	/**
	 * Convolves an RGB image (values 0..1) with {@code kernel}, either one 2-D kernel
	 * used on every channel (the lesson's {@code expand(1,3,3,3)}) or one kernel per
	 * channel, summing over channels into one output channel. Padding keeps the image's
	 * size.
	 * @param image the image
	 * @param kernel [channels][height][width]; a single [1][h][w] kernel is expanded over
	 * 3 channels
	 * @return the filtered values, [height][width]
	 */
	public static float[][] apply(BufferedImage image, float[][][] kernel) {
		int height = image.getHeight();
		int width = image.getWidth();
		INDArray input = Nd4j.create(DataType.FLOAT, 1, 3, height, width);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				int rgb = image.getRGB(x, y);
				input.putScalar(new long[] { 0, 0, y, x }, ((rgb >> 16) & 0xff) / 255f);
				input.putScalar(new long[] { 0, 1, y, x }, ((rgb >> 8) & 0xff) / 255f);
				input.putScalar(new long[] { 0, 2, y, x }, (rgb & 0xff) / 255f);
			}
		}
		INDArray weights = weights(kernel);
		Conv2DConfig config = Conv2DConfig.builder()
			.kH(weights.size(2))
			.kW(weights.size(3))
			.sH(1)
			.sW(1)
			.dH(1)
			.dW(1)
			.paddingMode(PaddingMode.SAME)
			.dataFormat(Conv2DConfig.NCHW)
			.weightsFormat(WeightsFormat.OIYX)
			.build();
		INDArray output = Nd4j.cnn().conv2d(input, weights, config);
		float[][] result = new float[height][width];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				result[y][x] = output.getFloat(0, 0, y, x);
			}
		}
		return result;
	}

	/** Scales values to grey levels, lowest black and highest white. */
	public static BufferedImage toGrey(float[][] values) {
		float[][] normalized = HeatmapOverlay.normalize(values);
		BufferedImage out = new BufferedImage(values[0].length, values.length, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < values.length; y++) {
			for (int x = 0; x < values[0].length; x++) {
				int grey = Math.round(normalized[y][x] * 255);
				out.setRGB(x, y, (grey << 16) | (grey << 8) | grey);
			}
		}
		return out;
	}

	private static INDArray weights(float[][][] kernel) {
		if (kernel.length != 1 && kernel.length != 3) {
			throw new IllegalArgumentException("The kernel needs 1 or 3 channels, not " + kernel.length);
		}
		int kernelHeight = kernel[0].length;
		int kernelWidth = (kernelHeight > 0) ? kernel[0][0].length : 0;
		if (kernelHeight < 1 || kernelWidth < 1 || kernelHeight > 15 || kernelWidth > 15) {
			throw new IllegalArgumentException("The kernel must be between 1x1 and 15x15");
		}
		INDArray weights = Nd4j.create(DataType.FLOAT, 1, 3, kernelHeight, kernelWidth);
		for (int channel = 0; channel < 3; channel++) {
			float[][] plane = kernel[(kernel.length == 1) ? 0 : channel];
			if (plane.length != kernelHeight) {
				throw new IllegalArgumentException("Every kernel channel must have " + kernelHeight + " rows");
			}
			for (int y = 0; y < kernelHeight; y++) {
				if (plane[y].length != kernelWidth) {
					throw new IllegalArgumentException("Every kernel row must have " + kernelWidth + " values");
				}
				for (int x = 0; x < kernelWidth; x++) {
					weights.putScalar(new long[] { 0, channel, y, x }, plane[y][x]);
				}
			}
		}
		return weights;
	}

}
