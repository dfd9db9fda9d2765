package dev.lantern.vision.augment;

/**
 * Bilinear sampling of a CHW image at arbitrary source coordinates, with PyTorch's
 * {@code grid_sample} padding rules ({@code align_corners=False}): pixel centers sit at
 * integer coordinates and the image spans [-0.5, size - 0.5].
 */
final class Resampler {

	private static final double SNAP = 1e-6;

	private Resampler() {
	}

	/**
	 * Where an output pixel looks in the source image.
	 */
	@FunctionalInterface
	interface PixelMap {

		/**
		 * Maps the output pixel center {@code (x, y)} to source pixel coordinates,
		 * written to {@code out[0]} (x) and {@code out[1]} (y).
		 */
		void map(double x, double y, double[] out);

	}

	/**
	 * Samples an output image of {@code outW x outH} pixels.
	 * @param src the source, CHW with three channels
	 * @param srcW the source's width
	 * @param srcH the source's height
	 */
	static float[] sample(float[] src, int srcW, int srcH, int outW, int outH, PixelMap map, PaddingMode padding) {
		int srcPlane = srcW * srcH;
		int outPlane = outW * outH;
		float[] out = new float[3 * outPlane];
		double[] xy = new double[2];
		for (int oy = 0; oy < outH; oy++) {
			for (int ox = 0; ox < outW; ox++) {
				map.map(ox, oy, xy);
				double x = snap(xy[0]);
				double y = snap(xy[1]);
				if (padding == PaddingMode.BORDER) {
					x = clamp(x, srcW);
					y = clamp(y, srcH);
				}
				else if (padding == PaddingMode.REFLECTION) {
					x = clamp(reflect(x, srcW), srcW);
					y = clamp(reflect(y, srcH), srcH);
				}
				int x0 = (int) Math.floor(x);
				int y0 = (int) Math.floor(y);
				double fx = x - x0;
				double fy = y - y0;
				int o = oy * outW + ox;
				for (int c = 0; c < 3; c++) {
					int base = c * srcPlane;
					double v = (1 - fx) * (1 - fy) * at(src, base, srcW, srcH, x0, y0)
							+ fx * (1 - fy) * at(src, base, srcW, srcH, x0 + 1, y0)
							+ (1 - fx) * fy * at(src, base, srcW, srcH, x0, y0 + 1)
							+ fx * fy * at(src, base, srcW, srcH, x0 + 1, y0 + 1);
					out[c * outPlane + o] = (float) v;
				}
			}
		}
		return out;
	}

	/** A pixel, 0 outside the image (the neighbours of an edge sample in zeros mode). */
	private static float at(float[] src, int base, int w, int h, int x, int y) {
		if (x < 0 || y < 0 || x >= w || y >= h) {
			return 0f;
		}
		return src[base + y * w + x];
	}

	private static double clamp(double v, int size) {
		return Math.max(0, Math.min(size - 1, v));
	}

	/** Reflects a coordinate at the image's edges, -0.5 and size - 0.5. */
	static double reflect(double v, int size) {
		double lo = -0.5;
		double span = size;
		double d = Math.abs(v - lo);
		double flips = Math.floor(d / span);
		double extra = d - flips * span;
		return ((long) flips % 2 == 0) ? lo + extra : lo + span - extra;
	}

	private static double snap(double v) {
		double r = Math.rint(v);
		return (Math.abs(v - r) < SNAP) ? r : v;
	}

}
