package dev.lantern.vision.heatmap;

import java.awt.image.BufferedImage;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class ConvolutionTests {

	@Test
	void matchesADirectConvolutionWithZeroPadding() {
		BufferedImage image = randomImage(7, 5, 3);
		float[][][] kernel = { Convolution.LESSON_EDGE_KERNEL };
		float[][] result = Convolution.apply(image, kernel);
		for (int y = 0; y < 5; y++) {
			for (int x = 0; x < 7; x++) {
				double expected = 0;
				for (int ky = 0; ky < 3; ky++) {
					for (int kx = 0; kx < 3; kx++) {
						int sy = y + ky - 1;
						int sx = x + kx - 1;
						if (sy >= 0 && sy < 5 && sx >= 0 && sx < 7) {
							int rgb = image.getRGB(sx, sy);
							double sum = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
							expected += Convolution.LESSON_EDGE_KERNEL[ky][kx] * sum / 255.0;
						}
					}
				}
				assertThat((double) result[y][x]).as("at %d,%d", x, y).isCloseTo(expected, within(1e-4));
			}
		}
	}

	@Test
	void perChannelKernelsSelectChannels() {
		BufferedImage image = randomImage(4, 4, 5);
		float[][] one = { { 1f } };
		float[][] none = { { 0f } };
		float[][] result = Convolution.apply(image, new float[][][] { none, one, none });
		assertThat((double) result[2][1]).isCloseTo(((image.getRGB(1, 2) >> 8) & 0xff) / 255.0, within(1e-6));
	}

	@Test
	void greyImageSpansBlackToWhite() {
		BufferedImage grey = Convolution.toGrey(new float[][] { { -2f, 0f }, { 1f, 2f } });
		assertThat(grey.getRGB(0, 0) & 0xff).isZero();
		assertThat(grey.getRGB(1, 1) & 0xff).isEqualTo(255);
	}

	@Test
	void refusesMalformedKernels() {
		BufferedImage image = randomImage(4, 4, 1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Convolution.apply(image, new float[][][] { { { 1f, 2f }, { 3f } } }))
			.withMessageContaining("row");
		assertThatIllegalArgumentException().isThrownBy(() -> Convolution.apply(image, new float[2][3][3]))
			.withMessageContaining("1 or 3 channels");
	}

	private static BufferedImage randomImage(int width, int height, long seed) {
		Random random = new Random(seed);
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.setRGB(x, y, random.nextInt(0x1000000));
			}
		}
		return image;
	}

}
