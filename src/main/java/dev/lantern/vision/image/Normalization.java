package dev.lantern.vision.image;

import java.util.List;

/**
 * Per-channel normalization of RGB values in [0, 1]: {@code (x - mean) / std}.
 *
 * @param mean the mean of each channel (R, G, B)
 * @param std the standard deviation of each channel (R, G, B)
 */
public record Normalization(List<Double> mean, List<Double> std) {

	/**
	 * ImageNet statistics, fastai's {@code imagenet_stats}: mean (0.485, 0.456, 0.406),
	 * std (0.229, 0.224, 0.225).
	 */
	public static final Normalization IMAGENET = new Normalization(List.of(0.485, 0.456, 0.406),
			List.of(0.229, 0.224, 0.225));

	public Normalization {
		if (mean.size() != 3 || std.size() != 3) {
			throw new IllegalArgumentException("Normalization needs three means and three standard deviations");
		}
	}

	/** Normalizes a CHW array of values in [0, 1] in place. */
	public float[] apply(float[] chw) {
		int plane = chw.length / 3;
		for (int c = 0; c < 3; c++) {
			float m = this.mean.get(c).floatValue();
			float s = this.std.get(c).floatValue();
			for (int i = c * plane, end = (c + 1) * plane; i < end; i++) {
				chw[i] = (chw[i] - m) / s;
			}
		}
		return chw;
	}

	/** Undoes {@link #apply} in place. */
	public float[] invert(float[] chw) {
		int plane = chw.length / 3;
		for (int c = 0; c < 3; c++) {
			float m = this.mean.get(c).floatValue();
			float s = this.std.get(c).floatValue();
			for (int i = c * plane, end = (c + 1) * plane; i < end; i++) {
				chw[i] = chw[i] * s + m;
			}
		}
		return chw;
	}

}
