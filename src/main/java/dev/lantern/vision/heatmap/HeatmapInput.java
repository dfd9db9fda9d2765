package dev.lantern.vision.heatmap;

import java.awt.image.BufferedImage;

/**
 * One heatmap request as the worker sees it.
 *
 * @param image the decoded image
 * @param classLabel the class to explain by label, or null
 * @param classIndex the class to explain by index, or null (with no label either: the
 * predicted class)
 * @param method Grad-CAM or the channel mean
 */
record HeatmapInput(BufferedImage image, String classLabel, Integer classIndex, HeatmapMethod method) {

}
