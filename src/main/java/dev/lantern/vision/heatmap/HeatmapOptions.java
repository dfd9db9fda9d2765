package dev.lantern.vision.heatmap;

/**
 * What a heatmap request asks for, checked.
 *
 * @param classLabel the class to explain by label, or null
 * @param classIndex the class to explain by index, or null; with neither, the predicted
 * class
 * @param method Grad-CAM or the channel mean
 * @param colormap the colours of the heat in the PNG
 * @param alpha the heat's opacity in the PNG, 0 to 1
 * @param size the PNG's side in pixels, or null for the model's image size
 * @param topK how many probabilities the JSON lists
 */
record HeatmapOptions(String classLabel, Integer classIndex, HeatmapMethod method, Colormap colormap, double alpha,
		Integer size, int topK) {

}
