package dev.lantern.vision.model;

import java.util.List;

import dev.lantern.vision.augment.TransformSettings;
import dev.lantern.vision.image.Normalization;

/**
 * What a served vision model needs besides its weights, stored as {@code vision.json}
 * beside {@code model.zip}.
 *
 * @param architecture the network's architecture
 * @param labels the class labels, in output order
 * @param imageSize the side of the square input
 * @param normalization the input normalization
 * @param pretrained whether the body started from pretrained weights
 * @param datasetId the dataset it was trained on
 * @param transforms the augmentation used in training
 */
public record VisionModelMetadata(String architecture, List<String> labels, int imageSize, Normalization normalization,
		boolean pretrained, String datasetId, TransformSettings transforms) {

}
