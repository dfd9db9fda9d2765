package dev.lantern.vision.augment;

import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

import dev.lantern.vision.image.ImageTensors;

/**
 * Turns a decoded image into one randomly augmented training view of {@code size x size}
 * pixels, as fastai v1's {@code get_transforms()} pipeline does: a random crop, a flip,
 * then rotation, zoom and a symmetric perspective warp composed into one mapping of
 * output to source coordinates and sampled once with the chosen padding; then brightness
 * and contrast in logit space, so values stay in (0, 1).
 */
public final class Augmenter {

	private final TransformSettings settings;

	public Augmenter(TransformSettings settings) {
		this.settings = settings.withDefaults();
	}

	public TransformSettings settings() {
		return this.settings;
	}

	/** One random view of the image: CHW, values in [0, 1]. */
	public float[] augment(BufferedImage image, int size, RandomGenerator random) {
		BufferedImage resized = ImageTensors.resizeShorterSide(image, size);
		float[] src = ImageTensors.toChw(resized);
		int w = resized.getWidth();
		int h = resized.getHeight();
		Geometry geometry = Geometry.random(this.settings, random);
		double left = random.nextDouble() * (w - size);
		double top = random.nextDouble() * (h - size);
		double[] p = new double[2];
		float[] out = Resampler.sample(src, w, h, size, size, (x, y, xy) -> {
			p[0] = 2 * (x + 0.5) / size - 1;
			p[1] = 2 * (y + 0.5) / size - 1;
			geometry.apply(p);
			xy[0] = left + (p[0] + 1) / 2 * size - 0.5;
			xy[1] = top + (p[1] + 1) / 2 * size - 0.5;
		}, this.settings.padding());
		double lighting = this.settings.maxLighting();
		double brightness = 0.5;
		double contrast = 1;
		if (lighting > 0 && random.nextDouble() < this.settings.pLighting()) {
			brightness = uniform(random, 0.5 * (1 - lighting), 0.5 * (1 + lighting));
		}
		if (lighting > 0 && random.nextDouble() < this.settings.pLighting()) {
			contrast = Math.exp(uniform(random, Math.log(1 - lighting), -Math.log(1 - lighting)));
		}
		if (brightness != 0.5 || contrast != 1) {
			lighting(out, brightness, contrast);
		}
		return out;
	}

	/**
	 * fastai's {@code brightness} then {@code contrast} on values in [0, 1]:
	 * {@code sigmoid((logit(x) + logit(change)) * scale)}, clamped to [1e-7, 1 - 1e-7]
	 * before the logit as fastai's {@code logit_} does.
	 * @param change the brightness change, 0.5 for none
	 * @param scale the contrast factor, 1 for none
	 */
	static void lighting(float[] values, double change, double scale) {
		double shift = logit(change);
		for (int i = 0; i < values.length; i++) {
			double l = (logit(values[i]) + shift) * scale;
			values[i] = (float) (1 / (1 + Math.exp(-l)));
		}
	}

	private static double logit(double x) {
		double c = Math.max(1e-7, Math.min(1 - 1e-7, x));
		return Math.log(c / (1 - c));
	}

	static double uniform(RandomGenerator random, double lo, double hi) {
		return lo + random.nextDouble() * (hi - lo);
	}

	/**
	 * The coordinate part of one random draw, in normalized coordinates ([-1, 1] across
	 * the crop): output point to source point.
	 */
	record Geometry(boolean flipX, boolean flipY, boolean transpose, double angle, double zoom, double zoomX,
			double zoomY, double[] warp) {

		static Geometry random(TransformSettings s, RandomGenerator random) {
			boolean flipX = false;
			boolean flipY = false;
			boolean transpose = false;
			if (s.flipVert()) {
				flipX = random.nextBoolean();
				flipY = random.nextBoolean();
				transpose = random.nextBoolean();
			}
			else if (s.doFlip()) {
				flipX = random.nextBoolean();
			}
			double angle = 0;
			if (s.maxRotate() > 0 && random.nextDouble() < s.pAffine()) {
				angle = Math.toRadians(uniform(random, -s.maxRotate(), s.maxRotate()));
			}
			double zoom = 1;
			double zoomX = 0;
			double zoomY = 0;
			if (s.maxZoom() > 1 && random.nextDouble() < s.pAffine()) {
				zoom = uniform(random, 1, s.maxZoom());
				double shift = 1 - 1 / zoom;
				zoomX = shift * (2 * random.nextDouble() - 1);
				zoomY = shift * (2 * random.nextDouble() - 1);
			}
			double[] warp = null;
			if (s.maxWarp() > 0 && random.nextDouble() < s.pAffine()) {
				double[] m = new double[4];
				for (int i = 0; i < 4; i++) {
					m[i] = uniform(random, -s.maxWarp(), s.maxWarp());
				}
				warp = Perspective.symmetricWarp(m);
			}
			return new Geometry(flipX, flipY, transpose, angle, zoom, zoomX, zoomY, warp);
		}

		void apply(double[] p) {
			if (this.transpose) {
				double t = p[0];
				p[0] = p[1];
				p[1] = t;
			}
			if (this.flipX) {
				p[0] = -p[0];
			}
			if (this.flipY) {
				p[1] = -p[1];
			}
			if (this.angle != 0) {
				double cos = Math.cos(this.angle);
				double sin = Math.sin(this.angle);
				double x = cos * p[0] - sin * p[1];
				double y = sin * p[0] + cos * p[1];
				p[0] = x;
				p[1] = y;
			}
			if (this.zoom != 1) {
				p[0] = p[0] / this.zoom + this.zoomX;
				p[1] = p[1] / this.zoom + this.zoomY;
			}
			if (this.warp != null) {
				Perspective.apply(this.warp, p);
			}
		}

	}

}
