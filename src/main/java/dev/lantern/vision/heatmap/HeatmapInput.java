package dev.lantern.vision.heatmap;

import java.awt.image.BufferedImage;

/**
 * One heatmap request as the worker sees it.
 *
 * @param image the decoded image
 * @param classIndex the class to explain, or null for the predicted class
 * @param method Grad-CAM or the channel mean
 */
record HeatmapInput(BufferedImage image, Integer classIndex, HeatmapMethod method) {

}
