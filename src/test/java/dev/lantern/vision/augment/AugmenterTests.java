package dev.lantern.vision.augment;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.lantern.vision.TestImages;
import dev.lantern.vision.image.ImageTensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AugmenterTests {

	private static final int SIZE = 32;

	private final float[] source = ImageTensors.toChw(TestImages.gradient(SIZE, SIZE));

	@Test
	void reflectionPaddingMirrorsTheImageAtItsEdges() {
		int shift = 5;
		float[] out = Resampler.sample(this.source, SIZE, SIZE, SIZE, SIZE, (x, y, xy) -> {
			xy[0] = x - shift;
			xy[1] = y;
		}, PaddingMode.REFLECTION);
		for (int c = 0; c < 3; c++) {
			for (int y = 0; y < SIZE; y++) {
				for (int x = 0; x < shift; x++) {
					// column -1 mirrors column 0, -2 mirrors 1, ...
					assertThat(out[at(c, x, y)]).isEqualTo(this.source[at(c, shift - 1 - x, y)]);
				}
				for (int x = shift; x < SIZE; x++) {
					assertThat(out[at(c, x, y)]).isEqualTo(this.source[at(c, x - shift, y)]);
				}
			}
		}
	}

	@Test
	void zerosPaddingIsBlackAndBorderPaddingRepeatsTheEdge() {
		Resampler.PixelMap shiftDown = (x, y, xy) -> {
			xy[0] = x;
			xy[1] = y - 4;
		};
		float[] zeros = Resampler.sample(this.source, SIZE, SIZE, SIZE, SIZE, shiftDown, PaddingMode.ZEROS);
		float[] border = Resampler.sample(this.source, SIZE, SIZE, SIZE, SIZE, shiftDown, PaddingMode.BORDER);
		for (int c = 0; c < 3; c++) {
			for (int x = 0; x < SIZE; x++) {
				for (int y = 0; y < 4; y++) {
					assertThat(zeros[at(c, x, y)]).isZero();
					assertThat(border[at(c, x, y)]).isEqualTo(this.source[at(c, x, 0)]);
				}
				assertThat(zeros[at(c, x, 10)]).isEqualTo(this.source[at(c, x, 6)]);
			}
		}
	}

	@Test
	void flipsFlipPixelForPixel() {
		TransformSettings flipOnly = new TransformSettings(true, false, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0,
				PaddingMode.REFLECTION);
		Augmenter augmenter = new Augmenter(flipOnly);
		BufferedImage image = TestImages.gradient(SIZE, SIZE);
		int flipped = 0;
		int kept = 0;
		for (int seed = 0; seed < 20; seed++) {
			float[] out = augmenter.augment(image, SIZE, new SplittableRandom(seed));
			boolean mirror = out[at(0, 0, 0)] == this.source[at(0, SIZE - 1, 0)];
			for (int c = 0; c < 3; c++) {
				for (int y = 0; y < SIZE; y++) {
					for (int x = 0; x < SIZE; x++) {
						int from = mirror ? SIZE - 1 - x : x;
						assertThat(out[at(c, x, y)]).isCloseTo(this.source[at(c, from, y)], within(1e-6f));
					}
				}
			}
			if (mirror) {
				flipped++;
			}
			else {
				kept++;
			}
		}
		assertThat(flipped).as("flipped views").isPositive();
		assertThat(kept).as("unflipped views").isPositive();
	}

	@Test
	void lightingStaysInRangeAndKeepsTheOrderOfValues() {
		float[] values = { 0f, 1e-9f, 0.1f, 0.5f, 0.9f, 1f };
		float[] copy = values.clone();
		Augmenter.lighting(copy, 0.5 * (1 + 0.9), 1 / (1 - 0.9));
		for (int i = 0; i < copy.length; i++) {
			assertThat(copy[i]).isBetween(0f, 1f).isNotNaN();
			if (i > 0) {
				assertThat(copy[i]).isGreaterThanOrEqualTo(copy[i - 1]);
			}
		}
		float[] darker = values.clone();
		Augmenter.lighting(darker, 0.5 * (1 - 0.2), 1);
		assertThat(darker[3]).isLessThan(0.5f);
		float[] same = values.clone();
		Augmenter.lighting(same, 0.5, 1);
		assertThat(same[3]).isCloseTo(0.5f, within(1e-6f));
		assertThat(same[4]).isCloseTo(0.9f, within(1e-6f));
	}

	@Test
	void fullFastaiTransformsKeepValuesInRangeAndChangeTheImage() {
		Augmenter augmenter = new Augmenter(TransformSettings.FASTAI);
		BufferedImage image = TestImages.gradient(48, 40);
		float[] plain = ImageTensors.centerView(image, SIZE);
		int changed = 0;
		for (int seed = 0; seed < 10; seed++) {
			float[] out = augmenter.augment(image, SIZE, new SplittableRandom(seed));
			assertThat(out).hasSize(3 * SIZE * SIZE);
			for (float v : out) {
				assertThat(v).isBetween(0f, 1f);
			}
			if (!java.util.Arrays.equals(out, plain)) {
				changed++;
			}
		}
		assertThat(changed).isGreaterThanOrEqualTo(8);
	}

	@Test
	void rotationWithZerosPaddingBlackensCornersButReflectionDoesNot() {
		BufferedImage white = TestImages.solid(SIZE, SIZE, Color.WHITE);
		TransformSettings rotate = new TransformSettings(false, false, 30.0, 1.0, 0.0, 0.0, 1.0, 0.0,
				PaddingMode.ZEROS);
		float[] zeros = new Augmenter(rotate).augment(white, SIZE, new SplittableRandom(3));
		float[] reflected = new Augmenter(
				new TransformSettings(false, false, 30.0, 1.0, 0.0, 0.0, 1.0, 0.0, PaddingMode.REFLECTION))
			.augment(white, SIZE, new SplittableRandom(3));
		assertThat(zeros[at(0, 0, 0)] + zeros[at(0, SIZE - 1, 0)] + zeros[at(0, 0, SIZE - 1)]
				+ zeros[at(0, SIZE - 1, SIZE - 1)])
			.isLessThan(3.5f);
		for (float v : reflected) {
			assertThat(v).isCloseTo(1f, within(1e-5f));
		}
	}

	@Test
	void zeroSymmetricWarpIsTheIdentity() {
		double[] h = Perspective.symmetricWarp(new double[4]);
		double[] p = { 0.3, -0.7 };
		Perspective.apply(h, p);
		assertThat(p[0]).isCloseTo(0.3, within(1e-12));
		assertThat(p[1]).isCloseTo(-0.7, within(1e-12));
		double[] warp = Perspective.symmetricWarp(new double[] { 0.2, -0.1, 0.15, 0.05 });
		double[] corner = { -1 - 0.05, -1 + 0.1 };
		Perspective.apply(warp, corner);
		assertThat(corner[0]).isCloseTo(-1, within(1e-9));
		assertThat(corner[1]).isCloseTo(-1, within(1e-9));
	}

	private static int at(int c, int x, int y) {
		return c * SIZE * SIZE + y * SIZE + x;
	}

}
