package dev.lantern.vision.serve;

import java.awt.image.BufferedImage;

/**
 * One image to classify: a decoded image (resized, cropped and normalized by the worker
 * with the model's own settings) or a tensor already prepared as [3, size, size],
 * normalized.
 *
 * @param image the decoded image, or null
 * @param tensor the prepared CHW values, or null
 */
record ClassifyInput(BufferedImage image, float[] tensor) {

	static ClassifyInput of(BufferedImage image) {
		return new ClassifyInput(image, null);
	}

	static ClassifyInput ofTensor(float[] tensor) {
		return new ClassifyInput(null, tensor);
	}

}
