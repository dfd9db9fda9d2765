package dev.lantern.vision.heatmap;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Blends a heatmap over its image: the grid is scaled to [0, 1], upsampled bilinearly to
 * the output size, coloured and alpha-blended.
 * <p>
 * Each cell is placed at the centre of its receptive field: in these networks every
 * convolution and pooling pads by half its kernel, so cell {@code i} of a grid with
 * stride {@code s} looks around pixel {@code s * i}, not at the middle of the i-th tile
 * ({@code s * i + s / 2}), which is where a plain resize of the grid would put it, half a
 * cell down and to the right of the object.
 */
public final class HeatmapOverlay {

	private HeatmapOverlay() {
	}

	/**
	 * @param image the input image
	 * @param heatmap the heat
	 * @param colormap the colours
	 * @param alpha the heat's opacity, 0 to 1 (the lesson uses 0.6)
	 * @param width the output width
	 * @param height the output height
	 */
	public static BufferedImage render(BufferedImage image, Heatmap heatmap, Colormap colormap, double alpha, int width,
			int height) {
		BufferedImage base = resize(image, width, height);
		float[][] normalized = normalize(heatmap.grid());
		BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				double heat = sample(normalized, (x + 0.5) / width, (y + 0.5) / height);
				int color = colormap.rgb(heat);
				out.setRGB(x, y, blend(base.getRGB(x, y), color, alpha));
			}
		}
		return out;
	}

	/**
	 * Bilinear sample of the grid at a relative position (0..1 in each direction), cell
	 * {@code i} sitting at relative position {@code i / cells}.
	 */
	static double sample(float[][] grid, double relativeX, double relativeY) {
		int rows = grid.length;
		int columns = grid[0].length;
		double gx = Math.max(0, Math.min(columns - 1, relativeX * columns));
		double gy = Math.max(0, Math.min(rows - 1, relativeY * rows));
		int x0 = (int) Math.floor(gx);
		int y0 = (int) Math.floor(gy);
		int x1 = Math.min(x0 + 1, columns - 1);
		int y1 = Math.min(y0 + 1, rows - 1);
		double fx = gx - x0;
		double fy = gy - y0;
		double top = grid[y0][x0] * (1 - fx) + grid[y0][x1] * fx;
		double bottom = grid[y1][x0] * (1 - fx) + grid[y1][x1] * fx;
		return top * (1 - fy) + bottom * fy;
	}

	/** Scales the grid to [0, 1]; a flat grid becomes all zeros. */
	static float[][] normalize(float[][] grid) {
		float min = Float.POSITIVE_INFINITY;
		float max = Float.NEGATIVE_INFINITY;
		for (float[] row : grid) {
			for (float value : row) {
				min = Math.min(min, value);
				max = Math.max(max, value);
			}
		}
		float range = max - min;
		float[][] normalized = new float[grid.length][];
		for (int r = 0; r < grid.length; r++) {
			normalized[r] = new float[grid[r].length];
			for (int c = 0; c < grid[r].length; c++) {
				normalized[r][c] = (range > 0) ? (grid[r][c] - min) / range : 0f;
			}
		}
		return normalized;
	}

	private static int blend(int under, int over, double alpha) {
		int red = (int) Math.round(((under >> 16) & 0xff) * (1 - alpha) + ((over >> 16) & 0xff) * alpha);
		int green = (int) Math.round(((under >> 8) & 0xff) * (1 - alpha) + ((over >> 8) & 0xff) * alpha);
		int blue = (int) Math.round((under & 0xff) * (1 - alpha) + (over & 0xff) * alpha);
		return (red << 16) | (green << 8) | blue;
	}

	private static BufferedImage resize(BufferedImage image, int width, int height) {
		BufferedImage resized = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		var graphics = resized.createGraphics();
		try {
			graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			graphics.drawImage(image, 0, 0, width, height, null);
		}
		finally {
			graphics.dispose();
		}
		return resized;
	}

}
