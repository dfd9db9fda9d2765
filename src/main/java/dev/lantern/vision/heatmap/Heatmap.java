package dev.lantern.vision.heatmap;

/**
 * A heatmap on the grid of the hooked activations (for example 11 x 11 for ResNet-34 at
 * 352 px).
 *
 * @param grid the heat per cell, row by row, as computed (not normalized)
 * @param classIndex the class the heat is for
 * @param probabilities the model's class probabilities for the image
 */
public record Heatmap(float[][] grid, int classIndex, float[] probabilities) {

	public int height() {
		return this.grid.length;
	}

	public int width() {
		return this.grid[0].length;
	}

	/** The grid cell with the most heat, as {row, column}. */
	public int[] peak() {
		int[] best = { 0, 0 };
		for (int row = 0; row < height(); row++) {
			for (int column = 0; column < width(); column++) {
				if (this.grid[row][column] > this.grid[best[0]][best[1]]) {
					best = new int[] { row, column };
				}
			}
		}
		return best;
	}

}
