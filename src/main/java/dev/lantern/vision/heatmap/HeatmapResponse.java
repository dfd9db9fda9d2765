package dev.lantern.vision.heatmap;

import java.util.List;

/**
 * The raw heatmap, for clients that draw it themselves.
 *
 * @param model the model's name
 * @param version the version that answered
 * @param method {@code gradcam} or {@code mean}
 * @param classIndex the class explained
 * @param classLabel its label
 * @param height the grid's rows (for example 11 for ResNet-34 at 352 px)
 * @param width the grid's columns
 * @param grid the heat per cell, row by row, not normalized
 * @param top the most probable classes, most probable first
 */
record HeatmapResponse(String model, int version, String method, int classIndex, String classLabel, int height,
		int width, float[][] grid, List<Probability> top) {

	/**
	 * A class and its probability.
	 *
	 * @param label the class
	 * @param probability its probability
	 */
	record Probability(String label, float probability) {

	}

}
