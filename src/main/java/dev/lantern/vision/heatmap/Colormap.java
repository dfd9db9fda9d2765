package dev.lantern.vision.heatmap;

/**
 * Colormaps for heat. {@code magma} (Lesson 6's choice) and {@code viridis} interpolate
 * linearly between five colours of matplotlib's maps (at 0, 0.25, 0.5, 0.75 and 1), which
 * keeps their look and their monotone lightness; {@code jet} is the classic
 * blue-cyan-yellow-red ramp.
 */
public enum Colormap {

	MAGMA(0x000004, 0x51127c, 0xb73779, 0xfc8961, 0xfcfdbf),

	VIRIDIS(0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725),

	JET(0x00007f, 0x0000ff, 0x007fff, 0x00ffff, 0x7fff7f, 0xffff00, 0xff7f00, 0xff0000, 0x7f0000);

	private final int[] anchors;

	Colormap(int... anchors) {
		this.anchors = anchors;
	}

	/** The colour of {@code value} in [0, 1] (clamped), as 0xRRGGBB. */
	public int rgb(double value) {
		double clamped = Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
		double position = clamped * (this.anchors.length - 1);
		int low = (int) Math.floor(position);
		int high = Math.min(low + 1, this.anchors.length - 1);
		double fraction = position - low;
		return mix(this.anchors[low], this.anchors[high], fraction);
	}

	private static int mix(int from, int to, double fraction) {
		int red = channel(from >> 16, to >> 16, fraction);
		int green = channel(from >> 8, to >> 8, fraction);
		int blue = channel(from, to, fraction);
		return (red << 16) | (green << 8) | blue;
	}

	private static int channel(int from, int to, double fraction) {
		int a = from & 0xff;
		int b = to & 0xff;
		return (int) Math.round(a + (b - a) * fraction);
	}

}
