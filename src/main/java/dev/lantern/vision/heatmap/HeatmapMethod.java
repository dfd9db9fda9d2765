package dev.lantern.vision.heatmap;

/**
 * How the heat is computed from the hooked activations.
 */
public enum HeatmapMethod {

	/**
	 * Grad-CAM: channels weighted by the spatial mean of the class score's gradient, then
	 * ReLU.
	 */
	GRADCAM,

	/**
	 * Lesson 6's channel mean of the activations ({@code acts.mean(0)}), whatever the
	 * class.
	 */
	MEAN

}
